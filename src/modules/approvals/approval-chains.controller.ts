import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
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
import { Roles } from '@app/modules/identity/auth/auth.decorators';
import { ApprovalChainsService } from './approval-chains.service';
import { ApprovalChainView, ChainBodyDto, ListChainsQuery } from './dto/approval-chain.dto';

@ApiTags('approval-chains')
@ApiBearerAuth()
@Controller('approval-chains')
export class ApprovalChainsController {
  constructor(private readonly chains: ApprovalChainsService) {}

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Create a chain: version 1 of a new key, as a draft' })
  @ApiCreatedResponse({ type: ApprovalChainView })
  create(@Body() dto: ChainBodyDto) {
    return this.chains.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(ApprovalChainView) })
  @ApiOperation({ summary: 'List approval chains by key and version' })
  list(@Query() query: ListChainsQuery) {
    return this.chains.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApprovalChainView })
  @ApiOperation({ summary: 'Read an approval chain version' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.chains.get(id);
  }

  @Roles('admin')
  @Put(':id')
  @ApiOperation({ summary: 'Replace a draft (409 once published)' })
  @ApiOkResponse({ type: ApprovalChainView })
  replace(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ChainBodyDto) {
    return this.chains.replace(id, dto);
  }

  @Roles('admin')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze a draft; new workflows of the key run it' })
  @ApiOkResponse({ type: ApprovalChainView })
  publish(@Param('id', ParseUUIDPipe) id: string) {
    return this.chains.publish(id);
  }

  @Roles('admin')
  @Post(':id/versions')
  @ApiOperation({ summary: 'Make the next version of the key as a draft, copied from this one' })
  @ApiCreatedResponse({ type: ApprovalChainView })
  newVersion(@Param('id', ParseUUIDPipe) id: string) {
    return this.chains.newVersion(id);
  }
}
