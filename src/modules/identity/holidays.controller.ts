import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { SUPPORTED_YEARS, holidays, type Country } from '@puentes/business-calendar';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { COUNTRIES } from './dto/agency.dto';

export class HolidaysQuery {
  @ApiProperty({ enum: COUNTRIES })
  @IsIn(COUNTRIES)
  country: Country;

  @ApiProperty({ minimum: SUPPORTED_YEARS.from, maximum: SUPPORTED_YEARS.to, example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(SUPPORTED_YEARS.from)
  @Max(SUPPORTED_YEARS.to)
  year: number;
}

export class HolidayView {
  @ApiProperty({ example: '2026-09-16', description: 'YYYY-MM-DD' }) date: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({ description: 'The weekday a weekend holiday is observed on (US only)' })
  observed: boolean;
}

export class HolidaysView {
  @ApiProperty({ enum: COUNTRIES }) country: Country;
  @ApiProperty() year: number;
  @ApiProperty({ type: [HolidayView] }) items: HolidayView[];
}

/**
 * The federal holidays of a country as the business calendar counts them (the same rules as
 * every step deadline), for the admin pages that set an agency's own days off beside them.
 */
@ApiTags('agencies')
@ApiBearerAuth()
@Controller('holidays')
export class HolidaysController {
  @Get()
  @ApiOperation({
    summary: "A country's federal holidays in a year (MX: LFT art. 74; US: 5 U.S.C. 6103)",
  })
  @ApiOkResponse({ type: HolidaysView })
  list(@Query() query: HolidaysQuery): HolidaysView {
    return {
      country: query.country,
      year: query.year,
      items: holidays(query.country, query.year).map((h) => ({
        date: h.date,
        name: { en: h.name.en, es: h.name.es },
        observed: h.observed,
      })),
    };
  }
}
