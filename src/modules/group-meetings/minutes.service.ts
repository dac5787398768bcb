import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Country } from '@app/common/bilingual';
import { DomainError, invalidField, throwIfInvalid } from '@app/common/errors/domain-error';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { NotificationsService } from '@app/modules/notifications/notifications.service';
import { canManage, GroupAccess } from '@app/modules/technical-groups/group-access';
import { groupAgencies } from '@app/modules/technical-groups/group-agencies';
import { recordGroupEvent } from '@app/modules/technical-groups/group-events';
import { actionItemRight, mayChangeStatus } from '@app/modules/technical-groups/action-item-access';
import { ActionItemView } from './dto/action-item.dto';
import type { MinutesOverview, MinutesView, SaveMinutesDto } from './dto/minutes.dto';
import { ActionItem } from './entities/action-item.entity';
import { MeetingMinutes } from './entities/meeting-minutes.entity';
import { MeetingsService } from './meetings.service';

/**
 * A meeting's minutes: decisions and the agencies present. A draft is edited in place;
 * publishing freezes it and tells every member; a correction is a new version drafted on top,
 * with a note saying what it corrects, and published in turn. Published versions never change.
 */
@Injectable()
export class MinutesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: GroupAccess,
    private readonly meetings: MeetingsService,
    private readonly notifications: NotificationsService,
    private readonly afterCommit: AfterCommitQueue,
  ) {}

  async overview(groupId: string, meetingId: string, actor: AuthUser): Promise<MinutesOverview> {
    const standing = await this.access.toRead(groupId, actor);
    const manager = this.dataSource.manager;
    await this.meetings.find(manager, groupId, meetingId);
    const versions = await manager.find(MeetingMinutes, {
      where: { meetingId },
      order: { version: 'DESC' },
    });
    const views = await this.views(manager, versions);
    const published = views.filter((v) => v.status === 'published');
    const draft = views.find((v) => v.status === 'draft') ?? null;
    const actionItems = await manager.find(ActionItem, {
      where: { meetingId },
      relations: { ownerAgency: true },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
    return {
      current: published[0] ?? null,
      draft: canManage(standing) ? draft : null,
      history: published,
      actionItems: actionItems.map((item) =>
        ActionItemView.of(item, mayChangeStatus(actionItemRight(standing, actor, item))),
      ),
    };
  }

  /** Writes the draft: the current one, or a new version on top of the published one. */
  async save(
    groupId: string,
    meetingId: string,
    dto: SaveMinutesDto,
    actor: AuthUser,
  ): Promise<MinutesView> {
    await this.access.toManage(groupId, actor);
    return this.dataSource.transaction(async (manager) => {
      await this.meetings.find(manager, groupId, meetingId, true);
      const agencies = new Map((await groupAgencies(manager, groupId)).map((a) => [a.code, a]));
      throwIfInvalid(
        dto.presentAgencyCodes.flatMap((code, index) =>
          agencies.has(code)
            ? []
            : [
                {
                  field: `presentAgencyCodes[${index}]`,
                  message: `${code} is not an agency of this group`,
                  code: 'MINUTES.UNKNOWN_AGENCY',
                },
              ],
        ),
      );
      const latest = await manager.findOne(MeetingMinutes, {
        where: { meetingId },
        order: { version: 'DESC' },
      });
      // A version after the first corrects a published one: it says what, on every save of its
      // draft (a second save without the note erased it, and the correction went out unsaid).
      const version = latest?.status === 'published' ? latest.version + 1 : (latest?.version ?? 1);
      if (version > 1 && !dto.correctionNote) throw correctionNoteRequired(version);
      const fields = {
        decisions: dto.decisions.map((d) => ({ en: d.en, es: d.es })),
        presentAgencyIds: dto.presentAgencyCodes.map((code) => agencies.get(code)!.id),
        correctionNote: dto.correctionNote ?? null,
      };
      const draft =
        latest?.status === 'draft'
          ? Object.assign(latest, fields)
          : manager.create(MeetingMinutes, {
              meetingId,
              version: (latest?.version ?? 0) + 1,
              status: 'draft',
              createdBy: actor.id,
              publishedAt: null,
              publishedBy: null,
              ...fields,
            });
      const saved = await manager.save(draft);
      return (await this.views(manager, [saved]))[0];
    });
  }

  /**
   * Publishes the draft: frozen, and every member told. 409 before the meeting has begun
   * (minutes record a meeting held) or without a draft.
   */
  async publish(
    groupId: string,
    meetingId: string,
    actor: AuthUser,
    now = new Date(),
  ): Promise<MinutesView> {
    const standing = await this.access.toManage(groupId, actor);
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const meeting = await this.meetings.find(manager, groupId, meetingId, true);
      if (meeting.startsAt > now) {
        throw new DomainError(
          'conflict',
          'MINUTES.MEETING_NOT_BEGUN',
          `Meeting ${meetingId} begins at ${meeting.startsAt.toISOString()}: its minutes can be published once it has begun.`,
        );
      }
      const draft = await manager.findOneBy(MeetingMinutes, { meetingId, status: 'draft' });
      if (!draft) {
        throw new DomainError(
          'conflict',
          'MINUTES.NO_DRAFT',
          'There is no draft to publish: write one with PUT …/minutes first.',
        );
      }
      // Drafts saved before every save asked for it may lack the note: not published so.
      if (draft.version > 1 && !draft.correctionNote) throw correctionNoteRequired(draft.version);
      draft.status = 'published';
      draft.publishedAt = now;
      draft.publishedBy = actor.id;
      await manager.save(draft);
      await recordGroupEvent(manager, groupId, 'minutes_published', actor.id, {
        meetingId,
        minutesId: draft.id,
        version: draft.version,
      });
      const { group, meeting: about } = await this.meetings.noticeContext(
        manager,
        standing,
        meeting,
      );
      const jobs = await this.notifications.notify(manager, [
        {
          kind: 'minutes_published',
          to: await this.meetings.everyoneIn(manager, standing),
          event: `minutes/${draft.id}`,
          context: {
            group,
            meeting: about,
            minutes: {
              version: draft.version,
              decisions: draft.decisions,
              correctionNote: draft.correctionNote,
            },
          },
        },
      ]);
      return {
        view: (await this.views(manager, [draft]))[0],
        queued: jobs,
      };
    });
    void this.afterCommit.add(queued);
    return view;
  }

  private async views(manager: EntityManager, versions: MeetingMinutes[]): Promise<MinutesView[]> {
    const ids = [...new Set(versions.flatMap((v) => v.presentAgencyIds))];
    const agencies = (await manager.query(
      'SELECT id, code, country, name_en, name_es FROM agencies WHERE id = ANY($1::uuid[])',
      [ids],
    )) as { id: string; code: string; country: Country; name_en: string; name_es: string }[];
    const byId = new Map(agencies.map((a) => [a.id, a]));
    // Who published each version, by name, so a reader (an auditor among them) is shown a
    // person, not an account id. The API deactivates accounts and deletes none; the name is
    // the account's as it stands now (the id stays the record).
    const publishers = [
      ...new Set(versions.flatMap((v) => (v.publishedBy ? [v.publishedBy] : []))),
    ];
    const names = new Map(
      (
        (await manager.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [
          publishers,
        ])) as { id: string; name: string }[]
      ).map((u) => [u.id, u.name]),
    );
    return versions.map((v) => {
      const attendance: MinutesView['attendance'] = { MX: [], US: [] };
      for (const id of v.presentAgencyIds) {
        const agency = byId.get(id);
        if (agency) {
          attendance[agency.country].push({
            code: agency.code,
            name: { en: agency.name_en, es: agency.name_es },
          });
        }
      }
      for (const list of Object.values(attendance)) {
        list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      }
      return {
        id: v.id,
        meetingId: v.meetingId,
        version: v.version,
        status: v.status,
        decisions: v.decisions,
        attendance,
        correctionNote: v.correctionNote,
        createdAt: v.createdAt.toISOString(),
        publishedAt: v.publishedAt?.toISOString() ?? null,
        publishedBy: v.publishedBy,
        publishedByName: v.publishedBy ? (names.get(v.publishedBy) ?? null) : null,
      };
    });
  }
}

/** 400 for a correction (a version after the first) that does not say what it corrects. */
function correctionNoteRequired(version: number): DomainError {
  return invalidField(
    'correctionNote',
    `version ${version} corrects version ${version - 1}: say what it corrects`,
    'MINUTES.CORRECTION_NOTE_REQUIRED',
  );
}
