import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@app/common/errors/domain-error';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser } from '@app/modules/identity/auth/auth.decorators';
import { toCsv } from './csv';
import {
  AgencyReportRow,
  CountryReportRow,
  CycleTimeReportRow,
  ReportQuery,
  SlaReportRow,
} from './dto/reports.dto';
import { ReportsService } from './reports.service';

const AGENCY_COLUMNS: (keyof AgencyReportRow)[] = [
  'agencyCode',
  'country',
  'stepsDecided',
  'medianDaysToDecide',
  'p90DaysToDecide',
  'medianHoursToDecide',
  'p90HoursToDecide',
  'withinSlaRate',
  'openNow',
  'overdueNow',
  'waitingDaysTotal',
  'waitingHoursTotal',
];
const COUNTRY_COLUMNS: (keyof CountryReportRow)[] = [
  'country',
  'openNow',
  'overdueNow',
  'openStepDays',
  'openStepWorkingDays',
  'share',
];
const CYCLE_TIME_COLUMNS: (keyof CycleTimeReportRow)[] = [
  'chainKey',
  'workflowsCompleted',
  'medianDays',
  'p90Days',
  'medianHours',
  'p90Hours',
  'reworkRate',
];
const SLA_COLUMNS: (keyof SlaReportRow)[] = [
  'agencyCode',
  'country',
  'month',
  'stepsDue',
  'stepsLate',
  'lateRate',
];

/** JSON (an array of rows) or, with `Accept: text/csv`, the same rows as CSV. */
function ReportResponse(row: new () => object) {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    ApiExtraModels(row)(target, key, descriptor);
    ApiOkResponse({
      description: 'The report: JSON, or CSV (UTF-8, header row) with `Accept: text/csv`',
      content: {
        'application/json': {
          schema: { type: 'array', items: { $ref: getSchemaPath(row) } },
        },
        'text/csv': { schema: { type: 'string' } },
      },
    })(target, key, descriptor);
    ApiProblems({
      400: 'Invalid filters: `errors` names every offending field',
      401: 'No valid bearer token',
      403: 'Only coordinators, admins and technical-group co-chairs read reports',
    })(target, key, descriptor);
  };
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('agencies')
  @ApiOperation({
    summary: 'Per agency: steps decided, time to decide, SLA, open and waiting (bottleneck first)',
  })
  @ReportResponse(AgencyReportRow)
  async agencies(
    @Query() query: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    mayReadReports(user);
    return answer(request, response, AGENCY_COLUMNS, await this.reports.agencies(query));
  }

  @Get('countries')
  @ApiOperation({ summary: "MX and US: open and overdue steps, and each side's open step-days" })
  @ReportResponse(CountryReportRow)
  async countries(
    @Query() query: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    mayReadReports(user);
    return answer(request, response, COUNTRY_COLUMNS, await this.reports.countries(query));
  }

  @Get('cycle-times')
  @ApiOperation({ summary: 'Per chain key: workflows completed, cycle times and rework rate' })
  @ReportResponse(CycleTimeReportRow)
  async cycleTimes(
    @Query() query: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    mayReadReports(user);
    return answer(request, response, CYCLE_TIME_COLUMNS, await this.reports.cycleTimes(query));
  }

  @Get('sla')
  @ApiOperation({ summary: 'Per agency and month of the deadline: steps due, late, late rate' })
  @ReportResponse(SlaReportRow)
  async sla(
    @Query() query: ReportQuery,
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    mayReadReports(user);
    return answer(request, response, SLA_COLUMNS, await this.reports.sla(query));
  }
}

// Co-chairs are not a role (they are named on their groups), so a role guard cannot say it.
function mayReadReports(user: AuthUser): void {
  const chairs = user.coChairOf.mx.length + user.coChairOf.us.length > 0;
  if (chairs || user.roles.includes('coordinator') || user.roles.includes('admin')) return;
  throw new DomainError(
    'forbidden',
    'REPORTS.FORBIDDEN',
    'Reports are for coordinators, admins and technical-group co-chairs.',
  );
}

function answer<T extends object>(
  request: Request,
  response: Response,
  columns: (keyof T & string)[],
  rows: T[],
): T[] | string {
  if (request.accepts(['application/json', 'text/csv']) !== 'text/csv') return rows;
  response.type('text/csv; charset=utf-8');
  return toCsv(columns, rows);
}
