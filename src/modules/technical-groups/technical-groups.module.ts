import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import { TechnicalGroup } from './entities/technical-group.entity';
import { TechnicalGroupsController } from './technical-groups.controller';
import { TechnicalGroupsService } from './technical-groups.service';

@Module({
  imports: [TypeOrmModule.forFeature([TechnicalGroup, User, Agency])],
  controllers: [TechnicalGroupsController],
  providers: [TechnicalGroupsService],
  exports: [TechnicalGroupsService],
})
export class TechnicalGroupsModule {}
