import { Module } from '@nestjs/common';
import { StartupSeedService } from './startup-seed.service';

@Module({ providers: [StartupSeedService] })
export class SeedModule {}
