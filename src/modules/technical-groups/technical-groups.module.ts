import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import { TechnicalGroup } from './entities/technical-group.entity';
import { GroupAccess } from './group-access';
import { GroupDashboardService } from './group-dashboard.service';
import { GroupMembersService } from './group-members.service';
import { GroupWorkReader } from './group-work.reader';
import { MemberJoinedListeners } from './member-joined';
import { TechnicalGroupsController } from './technical-groups.controller';
import { TechnicalGroupsService } from './technical-groups.service';

/** Groups, their co-chairs, roster and history, and the dashboard of their work. */
@Module({
  imports: [TypeOrmModule.forFeature([TechnicalGroup, User, Agency])],
  controllers: [TechnicalGroupsController],
  providers: [
    TechnicalGroupsService,
    GroupMembersService,
    GroupAccess,
    GroupWorkReader,
    GroupDashboardService,
    MemberJoinedListeners,
  ],
  exports: [TechnicalGroupsService, GroupAccess, GroupWorkReader, MemberJoinedListeners],
})
export class TechnicalGroupsModule {}
