import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageOf } from '@app/common/http/pagination';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { CurrentUser, Roles } from './auth/auth.decorators';
import type { AuthUser } from './auth/auth-user';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserView } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserView })
  @ApiOperation({ summary: 'Create a user (admin)' })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(UserView) })
  @ApiOperation({ summary: 'List users (admin)' })
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  @ApiOperation({ summary: 'Read a user (admin)' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user',
    description:
      'A new `password` or `active: false` ends every session of the user at once (their ' +
      'access tokens answer 401); an admin editing themselves keeps their current session.',
  })
  @ApiOkResponse({ type: UserView })
  @ApiProblems({
    400: 'Invalid fields (listed in errors)',
    401: 'No valid token',
    403: 'Not an admin',
    404: 'No such user',
    409: 'Email taken',
  })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.users.update(id, dto, caller);
  }
}
