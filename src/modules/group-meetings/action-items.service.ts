import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DomainError, invalidField } from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { groupAgencies } from '@app/modules/technical-groups/group-agencies';
import {
  GroupAccess,
  type GroupStanding,
  hidden,
} from '@app/modules/technical-groups/group-access';
import {
  actionItemRight,
  type ActionItemRight,
  actionItemScope,
  mayChangeStatus,
} from '@app/modules/technical-groups/action-item-access';
import { type ActionItemChange, ActionItemDeadlines } from './action-item-deadlines';
import { actionItemDue } from './action-item-due';
import {
  ActionItemMeetingView,
  type ActionItemPage,
  ActionItemView,
  type CreateActionItemDto,
  type ListActionItemsQuery,
  type UpdateActionItemDto,
} from './dto/action-item.dto';
import { ActionItem } from './entities/action-item.entity';
import { Meeting } from './entities/meeting.entity';
import { MeetingsService } from './meetings.service';

/**
 * Action items from meetings. Co-chairs and admins create and change them; whoever acts for the
 * agency that owns an item (its members in the group, its approvers even from outside it) may
 * change its status, and nothing else. Who may do what is `actionItemRight`'s one rule.
 */
@Injectable()
export class ActionItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: GroupAccess,
    private readonly meetings: MeetingsService,
    private readonly deadlines: ActionItemDeadlines,
    private readonly afterCommit: AfterCommitQueue,
  ) {}

  async create(
    groupId: string,
    meetingId: string,
    dto: CreateActionItemDto,
    actor: AuthUser,
  ): Promise<ActionItemView> {
    await this.access.toManage(groupId, actor, 'meetings');
    const { item, queued } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.meetings.find(manager, groupId, meetingId, true);
      const owner = await this.owner(manager, groupId, dto.ownerAgencyCode);
      const due = actionItemDue(dto, meeting.startsAt, owner.timeZone, owner.nonWorkingDays);
      const item = await manager.save(
        manager.create(ActionItem, {
          groupId,
          meetingId,
          titleEn: dto.title.en,
          titleEs: dto.title.es,
          ownerAgencyId: owner.id,
          ...due,
          status: 'open',
          closedAt: null,
          createdBy: actor.id,
        }),
      );
      item.ownerAgency = owner;
      const jobs = await this.deadlines.changed(manager, item, ['created'], actor.id);
      return { item, queued: jobs };
    });
    await this.afterCommit.add(queued);
    return ActionItemView.of(item, true);
  }

  /**
   * The group's items, soonest due first: all of them for those who read the group, only their
   * own agency's for an approver outside it — an empty page when it owns none yet, as for a
   * member when the group has none: the page answers "which are my agency's?", and "none" says
   * nothing of the others' (a 404 then told the approver their page was missing, not empty).
   */
  async list(
    groupId: string,
    query: ListActionItemsQuery,
    actor: AuthUser,
  ): Promise<ActionItemPage> {
    const standing = await this.access.standing(groupId, actor);
    const scope = actionItemScope(standing, actor);
    if (scope === null) throw hidden(groupId, 'action items');
    const qb = this.dataSource.manager
      .createQueryBuilder(ActionItem, 'i')
      .innerJoinAndSelect('i.ownerAgency', 'owner')
      .where('i.group_id = :groupId', { groupId })
      .orderBy('i.due_at', 'ASC')
      .addOrderBy('i.id', 'ASC');
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.ownerAgencyCode) qb.andWhere('owner.code = :code', { code: query.ownerAgencyCode });
    if (query.meetingId) qb.andWhere('i.meeting_id = :meetingId', { meetingId: query.meetingId });
    if (scope !== 'all') qb.andWhere('i.owner_agency_id = :own', { own: scope.agencyId });
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    const views = items.map((item) =>
      ActionItemView.of(item, mayChangeStatus(actionItemRight(standing, actor, item))),
    );
    // The items' meetings, named for a link to each; not to an agency outside the group.
    const meetingIds = [...new Set(items.map((item) => item.meetingId))];
    const meetings =
      scope === 'all' && meetingIds.length > 0
        ? await this.dataSource.manager.find(Meeting, {
            where: { id: In(meetingIds) },
            order: { startsAt: 'ASC' },
          })
        : [];
    return {
      ...page(views, total, query),
      ownerAgencyOnly: scope === 'all' ? null : actor.agencyCode,
      meetings: meetings.map(ActionItemMeetingView.of),
    };
  }

  async get(groupId: string, itemId: string, actor: AuthUser): Promise<ActionItemView> {
    const standing = await this.access.standing(groupId, actor);
    const item = await this.find(this.dataSource.manager, groupId, itemId);
    const right = actionItemRight(standing, actor, item);
    if (right === 'none') throw hidden(groupId, `action item ${itemId}`);
    return ActionItemView.of(item, mayChangeStatus(right));
  }

  async update(
    groupId: string,
    itemId: string,
    dto: UpdateActionItemDto,
    actor: AuthUser,
  ): Promise<ActionItemView> {
    const standing = await this.access.standing(groupId, actor);
    // An outsider learns nothing, not even whether the item exists: 404 before any lookup.
    if (actionItemScope(standing, actor) === null) throw hidden(groupId, 'action items');
    const { item, queued, right } = await this.dataSource.transaction(async (manager) => {
      const item = await this.find(manager, groupId, itemId, true);
      const right = actionItemRight(standing, actor, item);
      this.checkMayUpdate(standing, right, item, dto);
      const changes: ActionItemChange[] = [];
      if (dto.title) {
        item.titleEn = dto.title.en;
        item.titleEs = dto.title.es;
        changes.push('edited');
      }
      const ownerChanged =
        dto.ownerAgencyCode !== undefined && dto.ownerAgencyCode !== item.ownerAgency!.code;
      if (ownerChanged || dto.dueDate !== undefined || dto.dueIn !== undefined) {
        const owner = ownerChanged
          ? await this.owner(manager, groupId, dto.ownerAgencyCode!)
          : item.ownerAgency!;
        const meeting = await this.meetings.find(manager, groupId, item.meetingId);
        // A new owner without a new date keeps the rule (or the date) and is reckoned anew in
        // the new owner's zone and calendar.
        const given =
          dto.dueDate !== undefined || dto.dueIn !== undefined
            ? { dueDate: dto.dueDate, dueIn: dto.dueIn }
            : item.dueRule
              ? { dueIn: item.dueRule }
              : { dueDate: item.dueDate };
        Object.assign(
          item,
          actionItemDue(given, meeting.startsAt, owner.timeZone, owner.nonWorkingDays),
        );
        item.ownerAgencyId = owner.id;
        item.ownerAgency = owner;
        changes.push('rescheduled');
      }
      if (dto.status && dto.status !== item.status) {
        const reopened = dto.status === 'open';
        item.status = dto.status;
        item.closedAt = reopened ? null : new Date();
        changes.push(reopened ? 'reopened' : 'closed');
      }
      if (changes.length === 0) return { item, queued: [], right };
      // Stated, so the answer says what was written without reading the row again.
      item.updatedAt = new Date();
      // Written column by column: the loaded owner is a plain row, not an entity to cascade.
      const { ownerAgency: _owner, ...columns } = item;
      await manager.update(ActionItem, { id: item.id }, columns);
      const jobs = await this.deadlines.changed(manager, item, changes, actor.id);
      return { item, queued: jobs, right };
    });
    await this.afterCommit.add(queued);
    // The right as checked: only a manager can change the owner, and a manager keeps managing.
    return ActionItemView.of(item, mayChangeStatus(right));
  }

  /**
   * By the caller's right to the item: managers change anything; those who act for the owner
   * agency the status only; others who see the item nothing (403); others 404.
   */
  private checkMayUpdate(
    standing: GroupStanding,
    right: ActionItemRight,
    item: ActionItem,
    dto: UpdateActionItemDto,
  ): void {
    if (right === 'manage') return;
    if (right === 'none') throw hidden(standing.groupId, `action item ${item.id}`);
    if (right === 'read') {
      throw new DomainError(
        'forbidden',
        'ACTION_ITEM.NOT_YOURS',
        `Only members and approvers of ${item.ownerAgency!.code}, the owner of this action item, co-chairs of ${standing.groupCode} and admins may change it.`,
      );
    }
    const others = Object.keys(dto).filter(
      (key) => key !== 'status' && dto[key as keyof UpdateActionItemDto] !== undefined,
    );
    if (others.length > 0) {
      throw new DomainError(
        'forbidden',
        'ACTION_ITEM.STATUS_ONLY',
        `The owner agency's members may change the status only; ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} for co-chairs and admins.`,
        others.map((field) => ({ field, message: 'only co-chairs and admins may change this' })),
      );
    }
  }

  private async owner(manager: EntityManager, groupId: string, code: string): Promise<Agency> {
    const owner = (await groupAgencies(manager, groupId)).find((a) => a.code === code);
    if (!owner) {
      throw invalidField(
        'ownerAgencyCode',
        `${code} is not an agency of this group (listed, or of a co-chair, member or observer)`,
        'ACTION_ITEM.OWNER_NOT_IN_GROUP',
      );
    }
    return owner;
  }

  private async find(
    manager: EntityManager,
    groupId: string,
    itemId: string,
    lock = false,
  ): Promise<ActionItem> {
    const item = await manager.findOne(ActionItem, {
      where: { id: itemId, groupId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!item) throw hidden(groupId, `action item ${itemId}`);
    item.ownerAgency = (await manager.findOneBy(Agency, { id: item.ownerAgencyId }))!;
    return item;
  }
}
