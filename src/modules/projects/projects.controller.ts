import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { PageOf } from '@app/common/http/pagination';
import { CurrentUser, Roles } from '@app/modules/identity/auth/auth.decorators';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import {
  CreateProjectDto,
  ListProjectsQuery,
  ProjectView,
  UpdateProjectDto,
} from './dto/project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Roles('coordinator', 'admin')
  @Post()
  @ApiCreatedResponse({ type: ProjectView })
  @ApiOperation({ summary: 'Create a project (coordinator or admin)' })
  create(@Body() dto: CreateProjectDto, @CurrentUser() caller: AuthUser) {
    return this.projects.create(dto, caller);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(ProjectView) })
  @ApiOperation({ summary: 'List projects, with filters' })
  list(@Query() query: ListProjectsQuery) {
    return this.projects.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProjectView })
  @ApiOperation({ summary: 'Read a project' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.projects.get(id);
  }

  @Roles('coordinator', 'admin')
  @Patch(':id')
  @ApiOkResponse({ type: ProjectView })
  @ApiOperation({ summary: 'Change a project (coordinator or admin)' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProjectDto) {
    return this.projects.update(id, dto);
  }
}
