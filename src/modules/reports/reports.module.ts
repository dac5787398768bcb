import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Read-only reports over the stored workflow steps and history (issue 12). */
@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
