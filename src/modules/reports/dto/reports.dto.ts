import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STEP_KEY_PATTERN } from '@puentes/workflow-engine';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CODE = /^[A-Z0-9_-]{2,32}$/;
const COUNTRIES = ['MX', 'US'] as const;

/** What every report is filtered by. */
export class ReportQuery {
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-01-01',
    description: 'First day of the window (UTC), inclusive',
  })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be a date such as 2026-01-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-30',
    description: 'Last day of the window (UTC), inclusive',
  })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'to must be a date such as 2026-11-30' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to?: string;

  @ApiPropertyOptional({ example: 'SON-AZ', description: "The project's technical group" })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'technicalGroupCode must be 2–32 characters of A-Z 0-9 _ -' })
  technicalGroupCode?: string;

  @ApiPropertyOptional({ example: 'border-crossing-authorization' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(STEP_KEY_PATTERN, {
    message: 'chainKey must be lower-case words of letters and digits joined by dashes',
  })
  chainKey?: string;

  @ApiPropertyOptional({
    enum: COUNTRIES,
    description: 'Only steps whose owner agency is on this side (cycle times: ignored)',
  })
  @IsOptional()
  @IsIn(COUNTRIES)
  country?: (typeof COUNTRIES)[number];
}

export class AgencyReportRow {
  @ApiProperty({ example: 'CBP' }) agencyCode: string;
  @ApiProperty({ enum: COUNTRIES }) country: string;
  @ApiProperty({ description: 'Steps approved or rejected in the window' }) stepsDecided: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days, every round summed' })
  medianDaysToDecide: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90DaysToDecide: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Elapsed hours, every round summed' })
  medianHoursToDecide: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90HoursToDecide: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Share (0–1) of decided steps with a deadline that were decided by it',
  })
  withinSlaRate: number | null;
  @ApiProperty({ description: 'Steps active now' }) openNow: number;
  @ApiProperty({ description: 'Active steps past their deadline now' }) overdueNow: number;
  @ApiProperty({ description: 'Working days its steps in the window waited, open ones to now' })
  waitingDaysTotal: number;
  @ApiProperty() waitingHoursTotal: number;
}

export class CountryReportRow {
  @ApiProperty({ enum: COUNTRIES }) country: string;
  @ApiProperty() openNow: number;
  @ApiProperty() overdueNow: number;
  @ApiProperty({ description: 'Open step-days held in the window (24-hour days)' })
  openStepDays: number;
  @ApiProperty({ description: "Open step-days held in the window, in the steps' working days" })
  openStepWorkingDays: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Share (0–1) of both sides' open step-days (24-hour days)",
  })
  share: number | null;
}

export class CycleTimeReportRow {
  @ApiProperty({ example: 'border-crossing-authorization' }) chainKey: string;
  @ApiProperty({ description: 'Workflows approved or rejected in the window' })
  workflowsCompleted: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Working days on the binational calendar in the coordinator's zone",
  })
  medianDays: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Days: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Hours: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Share (0–1) that had a request for changes or a return',
  })
  reworkRate: number | null;
}

export class SlaReportRow {
  @ApiProperty({ example: 'CBP' }) agencyCode: string;
  @ApiProperty({ enum: COUNTRIES }) country: string;
  @ApiProperty({ example: '2026-11', description: "Month of the deadline, in the agency's zone" })
  month: string;
  @ApiProperty({ description: 'Rounds whose deadline fell in the month and has passed or was met' })
  stepsDue: number;
  @ApiProperty({ description: 'Of those, decided after the deadline or still open past it' })
  stepsLate: number;
  @ApiProperty({ type: Number, nullable: true }) lateRate: number | null;
}
