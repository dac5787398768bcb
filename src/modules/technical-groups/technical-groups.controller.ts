import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '@app/common/http/pagination';
import { Roles } from '@app/modules/identity/auth/auth.decorators';
import {
  CreateTechnicalGroupDto,
  ListTechnicalGroupsQuery,
  TechnicalGroupView,
  UpdateTechnicalGroupDto,
} from './dto/technical-group.dto';
import { TechnicalGroupsService } from './technical-groups.service';

@ApiTags('technical-groups')
@ApiBearerAuth()
@Controller('technical-groups')
export class TechnicalGroupsController {
  constructor(private readonly groups: TechnicalGroupsService) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: TechnicalGroupView })
  create(@Body() dto: CreateTechnicalGroupDto) {
    return this.groups.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(TechnicalGroupView) })
  list(@Query() query: ListTechnicalGroupsQuery) {
    return this.groups.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TechnicalGroupView })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.groups.get(id);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: TechnicalGroupView })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTechnicalGroupDto) {
    return this.groups.update(id, dto);
  }
}
