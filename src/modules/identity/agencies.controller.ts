import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageOf } from '@app/common/http/pagination';
import { AgenciesService } from './agencies.service';
import { Roles } from './auth/auth.decorators';
import {
  AgencyView,
  CreateAgencyDto,
  ListAgenciesQuery,
  NonWorkingDaysDto,
  UpdateAgencyDto,
} from './dto/agency.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: AgencyView })
  @ApiOperation({ summary: 'Create an agency (admin)' })
  create(@Body() dto: CreateAgencyDto) {
    return this.agencies.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(AgencyView) })
  @ApiOperation({ summary: 'List agencies' })
  list(@Query() query: ListAgenciesQuery) {
    return this.agencies.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: AgencyView })
  @ApiOperation({ summary: 'Read an agency' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.agencies.get(id);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: AgencyView })
  @ApiOperation({ summary: 'Change an agency (admin)' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAgencyDto) {
    return this.agencies.update(id, dto);
  }

  @Roles('admin')
  @Put(':id/non-working-days')
  @ApiOperation({
    summary: "Set the agency's own days off (beyond the federal ones) for the steps it owns",
  })
  @ApiOkResponse({ type: AgencyView })
  setNonWorkingDays(@Param('id', ParseUUIDPipe) id: string, @Body() dto: NonWorkingDaysDto) {
    return this.agencies.setNonWorkingDays(id, dto.dates);
  }
}
