import { placeholder } from '@puentes/workflow-engine';
import { Injectable } from '@nestjs/common';
@Injectable()
class A { constructor() {} }
console.log('hello', placeholder, A.name);
