import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parseWallTime, resolveWallTime } from '@puentes/business-calendar';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import {
  type CodedFieldError,
  DomainError,
  invalidField,
  throwIfInvalid,
} from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import type { MeetingBefore } from '@app/modules/notifications/templates/render-group-notification';
import {
  type NotificationBatch,
  NotificationsService,
  type RecipientQuery,
} from '@app/modules/notifications/notifications.service';
import {
  type GroupStanding,
  GroupAccess,
  hidden,
} from '@app/modules/technical-groups/group-access';
import { recordGroupEvent } from '@app/modules/technical-groups/group-events';
import {
  generateAgenda,
  type GeneratedAgendaItem,
  mergeAgenda,
} from '@app/modules/technical-groups/group-work';
import { GroupWorkReader } from '@app/modules/technical-groups/group-work.reader';
import {
  type MemberJoined,
  MemberJoinedListeners,
} from '@app/modules/technical-groups/member-joined';
import { ActionItemDeadlines } from './action-item-deadlines';
import { actionItemDue } from './action-item-due';
import {
  type AddAgendaItemDto,
  AgendaItemView,
  type CancelMeetingDto,
  type ListMeetingsQuery,
  MEETING_KIND_LABELS,
  MeetingSummaryView,
  type MeetingView,
  type ReorderAgendaDto,
  type RescheduleMeetingDto,
  type ScheduleMeetingDto,
} from './dto/meeting.dto';
import { ActionItem } from './entities/action-item.entity';
import { AgendaItem } from './entities/agenda-item.entity';
import { MeetingMinutes } from './entities/meeting-minutes.entity';
import { Meeting } from './entities/meeting.entity';

const DEFAULT_DURATION_MINUTES = 90;
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

/** The start as it was stated: wall-clock time in the meeting's zone. */
export const localStartOf = (meeting: Meeting) =>
  DateTime.fromJSDate(meeting.startsAt, { zone: meeting.timeZone }).toFormat(LOCAL_FORMAT);

/**
 * Meetings and their agendas. The agenda is generated when the meeting is scheduled, so the
 * invitation carries it; `regenerate` refreshes the generated items before the meeting (a step
 * that became overdue since, a project no longer due) and keeps what co-chairs added or
 * reordered. Every write to a meeting takes its row lock, so agenda edits never interleave.
 * A meeting moves with the action items due in working days after it; someone who joins the
 * group is invited to its meetings still ahead.
 */
@Injectable()
export class MeetingsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: GroupAccess,
    private readonly reader: GroupWorkReader,
    private readonly notifications: NotificationsService,
    private readonly afterCommit: AfterCommitQueue,
    private readonly actionItemDeadlines: ActionItemDeadlines,
    private readonly memberJoined: MemberJoinedListeners,
  ) {}

  onModuleInit(): void {
    this.memberJoined.listen((manager, joined) => this.inviteNewcomer(manager, joined));
  }

  async schedule(
    groupId: string,
    dto: ScheduleMeetingDto,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MeetingView> {
    const standing = await this.access.toManage(groupId, actor);
    const startsAt = parseLocalStart(dto.startsAt, dto.timeZone, now);
    assertPlaceOrLink(dto.place, dto.link);
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const title = dto.title ?? MEETING_KIND_LABELS[dto.kind];
      const meeting = await manager.save(
        manager.create(Meeting, {
          groupId,
          kind: dto.kind,
          titleEn: title.en,
          titleEs: title.es,
          startsAt,
          timeZone: dto.timeZone,
          durationMinutes: dto.durationMinutes ?? DEFAULT_DURATION_MINUTES,
          place: dto.place ?? null,
          link: dto.link ?? null,
          agendaGeneratedAt: now,
          createdBy: actor.id,
        }),
      );
      const generated = await this.generate(manager, meeting, now);
      const agenda = await this.writeAgenda(manager, meeting.id, generated);
      await recordGroupEvent(manager, groupId, 'meeting_scheduled', actor.id, {
        meetingId: meeting.id,
        kind: meeting.kind,
        startsAt: startsAt.toISOString(),
        timeZone: meeting.timeZone,
      });
      const jobs = await this.notifications.notify(manager, [
        await this.notice(manager, standing, meeting, 'meeting_invitation', agenda),
      ]);
      return { view: viewOf(meeting, agenda), queued: jobs };
    });
    this.queueAfterCommit(queued);
    return view;
  }

  /**
   * Moves a scheduled meeting, or changes its title, length, place or link. Every member is
   * told, with a calendar update (same UID, next SEQUENCE) that replaces the earlier one. The
   * meeting's action items due in working days after it are due anew after its new date, with
   * their reminders. 409 once the meeting has begun or its minutes are published.
   */
  async reschedule(
    groupId: string,
    meetingId: string,
    dto: RescheduleMeetingDto,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MeetingView> {
    const standing = await this.access.toManage(groupId, actor);
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      await assertNoPublishedMinutes(manager, meeting);
      assertAhead(meeting, now);
      const before = changeable(meeting);
      if (dto.startsAt !== undefined || dto.timeZone !== undefined) {
        const zone = dto.timeZone ?? meeting.timeZone;
        meeting.startsAt = parseLocalStart(dto.startsAt ?? localStartOf(meeting), zone, now);
        meeting.timeZone = zone;
      }
      if (dto.title) {
        meeting.titleEn = dto.title.en;
        meeting.titleEs = dto.title.es;
      }
      if (dto.durationMinutes !== undefined) meeting.durationMinutes = dto.durationMinutes;
      if (dto.place !== undefined) meeting.place = dto.place;
      if (dto.link !== undefined) meeting.link = dto.link;
      assertPlaceOrLink(meeting.place, meeting.link);
      // A change that changes nothing (an empty body, the values it already has) is no news:
      // members are not sent an update of a meeting that is the same.
      const changed = changesSince(before, meeting);
      if (!changed)
        return { view: viewOf(meeting, await this.items(manager, meeting.id)), queued: [] };
      meeting.sequence += 1;
      await manager.update(
        Meeting,
        { id: meeting.id },
        {
          startsAt: meeting.startsAt,
          timeZone: meeting.timeZone,
          titleEn: meeting.titleEn,
          titleEs: meeting.titleEs,
          durationMinutes: meeting.durationMinutes,
          place: meeting.place,
          link: meeting.link,
          sequence: meeting.sequence,
        },
      );
      await recordGroupEvent(manager, groupId, 'meeting_rescheduled', actor.id, {
        meetingId: meeting.id,
        from: before.startsAt.toISOString(),
        startsAt: meeting.startsAt.toISOString(),
        timeZone: meeting.timeZone,
      });
      const agenda = await this.items(manager, meeting.id);
      const jobs = await this.notifications.notify(manager, [
        await this.notice(manager, standing, meeting, 'meeting_rescheduled', agenda, {
          before: changed,
        }),
      ]);
      if (changed.startsAt) {
        jobs.push(...(await this.moveActionItems(manager, meeting, actor.id, now)));
      }
      return { view: viewOf(meeting, agenda), queued: jobs };
    });
    this.queueAfterCommit(queued);
    return view;
  }

  /** Calls a meeting off: members are told, and their calendars drop it (METHOD:CANCEL). */
  async cancel(
    groupId: string,
    meetingId: string,
    dto: CancelMeetingDto,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MeetingView> {
    const standing = await this.access.toManage(groupId, actor);
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      await assertNoPublishedMinutes(manager, meeting);
      assertAhead(meeting, now);
      meeting.status = 'cancelled';
      meeting.sequence += 1;
      meeting.cancellationNote = dto.note ?? null;
      await manager.update(
        Meeting,
        { id: meeting.id },
        {
          status: meeting.status,
          sequence: meeting.sequence,
          cancellationNote: meeting.cancellationNote,
        },
      );
      await recordGroupEvent(manager, groupId, 'meeting_cancelled', actor.id, {
        meetingId: meeting.id,
        note: meeting.cancellationNote,
      });
      const jobs = await this.notifications.notify(manager, [
        await this.notice(manager, standing, meeting, 'meeting_cancelled', []),
      ]);
      const agenda = await this.items(manager, meeting.id);
      return { view: viewOf(meeting, agenda), queued: jobs };
    });
    this.queueAfterCommit(queued);
    return view;
  }

  /**
   * The group's meetings, latest first; with `when`, those not over yet soonest first
   * (`upcoming`) or those over most recent first (`past`). A meeting under way is upcoming
   * until it ends: people still look for it among the meetings ahead, not in the record.
   */
  async list(groupId: string, query: ListMeetingsQuery, actor: AuthUser, now = new Date()) {
    await this.access.toRead(groupId, actor);
    const builder = this.dataSource.manager
      .createQueryBuilder(Meeting, 'meeting')
      .where('meeting.group_id = :groupId', { groupId });
    const ends = "meeting.starts_at + meeting.duration_minutes * interval '1 minute'";
    if (query.when === 'upcoming') builder.andWhere(`${ends} > :now`, { now });
    if (query.when === 'past') builder.andWhere(`${ends} <= :now`, { now });
    const [items, total] = await builder
      .orderBy('meeting.startsAt', query.when === 'upcoming' ? 'ASC' : 'DESC')
      .addOrderBy('meeting.id', 'ASC')
      .limit(query.limit)
      .offset(query.offset)
      .getManyAndCount();
    return page(
      items.map((m) => MeetingSummaryView.of(m, localStartOf(m))),
      total,
      query,
    );
  }

  async get(groupId: string, meetingId: string, actor: AuthUser): Promise<MeetingView> {
    await this.access.toRead(groupId, actor);
    const meeting = await this.find(this.dataSource.manager, groupId, meetingId);
    return viewOf(meeting, await this.items(this.dataSource.manager, meeting.id));
  }

  /**
   * Refreshes the generated items from the open steps, keeping manual items and the places of
   * projects still on it. 409 once the meeting has begun (`assertAgendaOpen`).
   */
  async regenerate(
    groupId: string,
    meetingId: string,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MeetingView> {
    await this.access.toEditAgenda(groupId, actor);
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      assertAgendaOpen(meeting, now);
      const existing = await this.items(manager, meeting.id);
      const merged = mergeAgenda(existing, await this.generate(manager, meeting, now));
      await manager.delete(AgendaItem, { meetingId: meeting.id });
      const agenda = await this.writeAgenda(manager, meeting.id, merged);
      meeting.agendaGeneratedAt = now;
      await manager.update(Meeting, { id: meeting.id }, { agendaGeneratedAt: now });
      await recordGroupEvent(manager, groupId, 'agenda_regenerated', actor.id, {
        meetingId: meeting.id,
      });
      return viewOf(meeting, agenda);
    });
  }

  /** Adds an item at the end of the agenda; 409 once the meeting has begun. */
  async addItem(
    groupId: string,
    meetingId: string,
    dto: AddAgendaItemDto,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MeetingView> {
    await this.access.toEditAgenda(groupId, actor);
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      assertAgendaOpen(meeting, now);
      const existing = await this.items(manager, meeting.id);
      if (existing.length >= 200) {
        throw new DomainError(
          'conflict',
          'MEETING.AGENDA_FULL',
          'An agenda holds at most 200 items.',
        );
      }
      const added = await manager.save(
        manager.create(AgendaItem, {
          meetingId: meeting.id,
          position: existing.length + 1,
          source: 'manual',
          titleEn: dto.title.en,
          titleEs: dto.title.es,
          projectId: null,
          steps: [],
        }),
      );
      return viewOf(meeting, [...existing, added]);
    });
  }

  /** Puts the agenda in the order given (every item once); 409 once the meeting has begun. */
  async reorder(
    groupId: string,
    meetingId: string,
    dto: ReorderAgendaDto,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MeetingView> {
    await this.access.toEditAgenda(groupId, actor);
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      assertAgendaOpen(meeting, now);
      const existing = await this.items(manager, meeting.id);
      const known = new Set(existing.map((i) => i.id));
      const given = new Set(dto.itemIds);
      throwIfInvalid([
        ...dto.itemIds.flatMap((id, index): CodedFieldError[] =>
          known.has(id)
            ? []
            : [
                {
                  field: `itemIds[${index}]`,
                  message: `${id} is not an item of this agenda`,
                  code: 'MEETING.AGENDA_ORDER',
                },
              ],
        ),
        ...existing
          .filter((i) => !given.has(i.id))
          .map((i): CodedFieldError => ({
            field: 'itemIds',
            message: `item ${i.id} is missing: list every item once`,
            code: 'MEETING.AGENDA_ORDER',
          })),
      ]);
      await manager.query(
        `UPDATE meeting_agenda_items i SET position = o.position
           FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
          WHERE i.id = o.id AND i.meeting_id = $1`,
        [meeting.id, dto.itemIds],
      );
      const byId = new Map(existing.map((item) => [item.id, item]));
      return viewOf(
        meeting,
        dto.itemIds.map((id, index) => Object.assign(byId.get(id)!, { position: index + 1 })),
      );
    });
  }

  /** Removes an item and closes the gap; 409 once the meeting has begun. */
  async removeItem(
    groupId: string,
    meetingId: string,
    itemId: string,
    actor: AuthUser,
    now = new Date(),
  ) {
    await this.access.toEditAgenda(groupId, actor);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.find(manager, groupId, meetingId, true);
      assertAgendaOpen(meeting, now);
      const existing = await this.items(manager, meeting.id);
      if (!existing.some((i) => i.id === itemId)) {
        throw new DomainError(
          'not_found',
          'NOT_FOUND',
          `No agenda item ${itemId} in this meeting.`,
        );
      }
      await manager.delete(AgendaItem, { id: itemId });
      await this.renumber(
        manager,
        existing.filter((i) => i.id !== itemId).map((i) => i.id),
        meeting.id,
      );
    });
  }

  /**
   * A meeting of the group; 404 for a meeting of another group, as for none. With `lock`, for
   * a change: a cancelled meeting takes none (409).
   */
  async find(
    manager: EntityManager,
    groupId: string,
    meetingId: string,
    lock = false,
  ): Promise<Meeting> {
    const meeting = await manager.findOne(Meeting, {
      where: { id: meetingId, groupId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!meeting) throw hidden(groupId, `meeting ${meetingId}`);
    if (lock && meeting.status === 'cancelled') {
      throw new DomainError(
        'conflict',
        'MEETING.CANCELLED',
        `Meeting ${meetingId} was cancelled; schedule a new one instead.`,
      );
    }
    return meeting;
  }

  /** The invitation, its update or its cancellation, to everyone in the group. */
  private async notice(
    manager: EntityManager,
    standing: Pick<GroupStanding, 'groupId' | 'groupCode'>,
    meeting: Meeting,
    kind: 'meeting_invitation' | 'meeting_rescheduled' | 'meeting_cancelled',
    agenda: AgendaItem[],
    extra: { before?: MeetingBefore; to?: RecipientQuery } = {},
  ): Promise<NotificationBatch> {
    const context = await this.noticeContext(manager, standing, meeting);
    return {
      kind,
      to: extra.to ?? (await this.everyoneIn(manager, standing)),
      event: `${kind}/${meeting.id}/${meeting.sequence}`,
      context: {
        group: context.group,
        meeting: {
          ...context.meeting,
          agenda: agenda.map((item) => ({ en: item.titleEn, es: item.titleEs })),
          before: extra.before,
          cancellationNote: meeting.cancellationNote,
        },
      },
      calendar: {
        uid: `meeting-${meeting.id}`,
        start: meeting.startsAt,
        durationMinutes: meeting.durationMinutes,
        location: meeting.place ?? meeting.link ?? undefined,
        sequence: meeting.sequence,
        cancelled: kind === 'meeting_cancelled',
      },
    };
  }

  /**
   * What every notice about a meeting says of it and its group (the group's bilingual name
   * read here; the meeting's title, time, zone, length and place), for the meeting notices and
   * the minutes' alike.
   */
  async noticeContext(
    manager: EntityManager,
    standing: Pick<GroupStanding, 'groupId' | 'groupCode'>,
    meeting: Meeting,
  ) {
    const [group] = (await manager.query(
      'SELECT name_en, name_es FROM technical_groups WHERE id = $1',
      [standing.groupId],
    )) as { name_en: string; name_es: string }[];
    return {
      group: { code: standing.groupCode, name: { en: group.name_en, es: group.name_es } },
      meeting: { id: meeting.id, kind: meeting.kind, ...changeable(meeting) },
    };
  }

  /** Co-chairs, members and observers: who is invited and told of the minutes. */
  async everyoneIn(manager: EntityManager, standing: Pick<GroupStanding, 'groupId' | 'groupCode'>) {
    const members = (await manager.query(
      'SELECT user_id FROM technical_group_members WHERE group_id = $1',
      [standing.groupId],
    )) as { user_id: string }[];
    return { userIds: members.map((m) => m.user_id), coChairsOf: [standing.groupCode] };
  }

  private async generate(
    manager: EntityManager,
    meeting: Meeting,
    now: Date,
  ): Promise<GeneratedAgendaItem[]> {
    const { projects, steps } = await this.reader.read(meeting.groupId, manager);
    return generateAgenda(projects, steps, now, meeting.startsAt);
  }

  /** Writes the agenda in this order and returns it as written (ids and positions). */
  private async writeAgenda(
    manager: EntityManager,
    meetingId: string,
    items: (AgendaItem | GeneratedAgendaItem)[],
  ): Promise<AgendaItem[]> {
    if (items.length === 0) return [];
    return manager.save(
      items.map((item, index) =>
        manager.create(
          AgendaItem,
          item instanceof AgendaItem
            ? { ...item, position: index + 1 }
            : {
                meetingId,
                position: index + 1,
                source: 'generated' as const,
                titleEn: item.title.en,
                titleEs: item.title.es,
                projectId: item.projectId,
                steps: item.steps,
              },
        ),
      ),
    );
  }

  private async renumber(manager: EntityManager, ids: string[], meetingId: string) {
    await manager.query(
      `UPDATE meeting_agenda_items i SET position = o.position
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
        WHERE i.id = o.id AND i.meeting_id = $1`,
      [meetingId, ids],
    );
  }

  private items(manager: EntityManager, meetingId: string): Promise<AgendaItem[]> {
    return manager.find(AgendaItem, { where: { meetingId }, order: { position: 'ASC' } });
  }

  /**
   * The meeting's action items due in working days after it, due anew after its new start in
   * their owner's zone and calendar; their timers and owners follow (`ActionItemDeadlines`).
   */
  private async moveActionItems(
    manager: EntityManager,
    meeting: Meeting,
    actorId: string,
    now: Date,
  ): Promise<AfterCommitJob[]> {
    const items = await manager.find(ActionItem, {
      where: { meetingId: meeting.id },
      lock: { mode: 'pessimistic_write' },
    });
    const following = items.filter((item) => item.dueRule !== null);
    if (following.length === 0) return [];
    const owners = (await manager.query(
      `SELECT id, time_zone AS "timeZone", non_working_days::text[] AS "nonWorkingDays"
         FROM agencies WHERE id = ANY($1::uuid[])`,
      [[...new Set(following.map((item) => item.ownerAgencyId))]],
    )) as { id: string; timeZone: string; nonWorkingDays: string[] }[];
    const ownerOf = new Map(owners.map((owner) => [owner.id, owner]));
    const jobs: AfterCommitJob[] = [];
    for (const item of following) {
      const owner = ownerOf.get(item.ownerAgencyId)!;
      const due = actionItemDue(
        { dueIn: item.dueRule! },
        meeting.startsAt,
        owner.timeZone,
        owner.nonWorkingDays,
      );
      if (due.dueAt.getTime() === item.dueAt.getTime()) continue;
      Object.assign(item, { dueDate: due.dueDate, dueAt: due.dueAt });
      await manager.update(ActionItem, { id: item.id }, { dueDate: due.dueDate, dueAt: due.dueAt });
      jobs.push(
        ...(await this.actionItemDeadlines.changed(manager, item, ['rescheduled'], actorId, now)),
      );
    }
    return jobs;
  }

  /**
   * Someone who joins the group gets the invitation of each of its meetings still ahead, as it
   * stands now (the calendar at the meeting's current SEQUENCE), once per person.
   */
  private async inviteNewcomer(
    manager: EntityManager,
    joined: MemberJoined,
  ): Promise<AfterCommitJob[]> {
    const ahead = await manager.find(Meeting, {
      where: { groupId: joined.groupId, status: 'scheduled', startsAt: MoreThan(new Date()) },
      order: { startsAt: 'ASC' },
    });
    const batches: NotificationBatch[] = [];
    for (const meeting of ahead) {
      const agenda = await this.items(manager, meeting.id);
      // An invitation to the meeting as it stands now, at its current SEQUENCE.
      batches.push(
        await this.notice(manager, joined, meeting, 'meeting_invitation', agenda, {
          to: { userIds: [joined.userId] },
        }),
      );
    }
    return this.notifications.notify(manager, batches);
  }

  private queueAfterCommit(entries: AfterCommitJob[]): void {
    void this.afterCommit.add(entries);
  }
}

/** A meeting and its agenda as the API shows them. */
function viewOf(meeting: Meeting, agenda: AgendaItem[]): MeetingView {
  return {
    ...MeetingSummaryView.of(meeting, localStartOf(meeting)),
    agenda: [...agenda].sort((a, b) => a.position - b.position).map(AgendaItemView.of),
  };
}

/** Published minutes are the record of a meeting held: it no longer moves or is called off. */
async function assertNoPublishedMinutes(manager: EntityManager, meeting: Meeting): Promise<void> {
  if (await manager.existsBy(MeetingMinutes, { meetingId: meeting.id, status: 'published' })) {
    throw new DomainError(
      'conflict',
      'MEETING.MINUTES_PUBLISHED',
      `The minutes of meeting ${meeting.id} are published; it can no longer be moved or called off.`,
    );
  }
}

/** Members must know where to go: a place, a link, or both. */
function assertPlaceOrLink(place: string | null | undefined, link: string | null | undefined) {
  if (place || link) return;
  throwIfInvalid(
    ['place', 'link'].map((field) => ({
      field,
      message: 'a meeting needs a place, a link, or both',
      code: 'MEETING.NO_PLACE_OR_LINK',
    })),
  );
}

/** A meeting that has begun is history: it gets minutes, not a new time or a cancellation. */
function assertAhead(meeting: Meeting, now: Date): void {
  if (meeting.startsAt <= now) {
    throw new DomainError(
      'conflict',
      'MEETING.ALREADY_HELD',
      `Meeting ${meeting.id} began at ${meeting.startsAt.toISOString()}; record its minutes instead.`,
    );
  }
}

/**
 * The agenda is what the meeting was called to discuss: once it has begun, what was discussed
 * is recorded in the minutes, and the agenda members were sent stays as they received it
 * (regenerating it afterwards would also fill it with steps that fell due after the meeting).
 */
function assertAgendaOpen(meeting: Meeting, now: Date): void {
  if (meeting.startsAt <= now) {
    throw new DomainError(
      'conflict',
      'MEETING.AGENDA_FROZEN',
      `Meeting ${meeting.id} began at ${meeting.startsAt.toISOString()}; its agenda can no longer change once the meeting has begun. Record what was discussed in its minutes.`,
    );
  }
}

/**
 * The instant of a wall-clock time in a zone, as the contract says (`resolveWallTime`): the
 * first occurrence of a repeated hour, whatever the server's date; a skipped hour is refused.
 */
function parseLocalStart(local: string, timeZone: string, now: Date): Date {
  const wall = parseWallTime(local);
  const resolved = wall ? resolveWallTime(wall, timeZone) : { kind: 'invalid' as const };
  if (resolved.kind === 'invalid') {
    throw invalidField(
      'startsAt',
      `${local} is not a valid date and time`,
      'MEETING.INVALID_START',
    );
  }
  if (resolved.kind === 'skipped') {
    throw invalidField(
      'startsAt',
      `${local} does not exist in ${timeZone} (the clocks skip it)`,
      'MEETING.INVALID_START',
    );
  }
  if (resolved.at.getTime() <= now.getTime()) {
    throw invalidField('startsAt', 'a meeting is scheduled in the future', 'MEETING.START_IN_PAST');
  }
  return resolved.at;
}

/** What a co-chair may change in a meeting, as it is now. */
function changeable(meeting: Meeting): Required<MeetingBefore> {
  return {
    title: { en: meeting.titleEn, es: meeting.titleEs },
    startsAt: meeting.startsAt,
    timeZone: meeting.timeZone,
    durationMinutes: meeting.durationMinutes,
    place: meeting.place,
    link: meeting.link,
  };
}

/**
 * The earlier values of what changed in a meeting since `before` (its `changeable` then), for
 * the notice to name; null when nothing did.
 */
function changesSince(before: Required<MeetingBefore>, meeting: Meeting): MeetingBefore | null {
  const after = changeable(meeting);
  const changed: { -readonly [K in keyof MeetingBefore]: MeetingBefore[K] } = {};
  if (before.title.en !== after.title.en || before.title.es !== after.title.es)
    changed.title = before.title;
  if (before.startsAt.getTime() !== after.startsAt.getTime()) changed.startsAt = before.startsAt;
  if (before.timeZone !== after.timeZone) changed.timeZone = before.timeZone;
  if (before.durationMinutes !== after.durationMinutes)
    changed.durationMinutes = before.durationMinutes;
  if (before.place !== after.place) changed.place = before.place;
  if (before.link !== after.link) changed.link = before.link;
  return Object.keys(changed).length > 0 ? changed : null;
}
