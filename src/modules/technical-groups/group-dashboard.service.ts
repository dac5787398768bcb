import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/common/errors/domain-error';
import type { DashboardQuery, DashboardView } from './dto/dashboard.dto';
import { summarizeGroupWork, URGENCY_LABELS } from './group-work';
import { GroupWorkReader } from './group-work.reader';

/**
 * The page a co-chair opens before a meeting. Three queries whatever the size of the
 * portfolio (the group, its projects, their open steps); the rest is `summarizeGroupWork`.
 * Everyone may read it: it shows only what projects and workflows already show to every user.
 */
@Injectable()
export class GroupDashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: GroupWorkReader,
  ) {}

  async dashboard(
    groupId: string,
    query: DashboardQuery,
    now = new Date(),
  ): Promise<DashboardView> {
    const [group] = (await this.dataSource.query(
      'SELECT id, code FROM technical_groups WHERE id = $1',
      [groupId],
    )) as { id: string; code: string }[];
    if (!group) throw notFound('technical group', groupId);
    const { projects, steps, sentBack } = await this.reader.read(groupId);
    const summary = summarizeGroupWork(projects, steps, now, query.dueSoonDays, sentBack);
    return {
      groupId: group.id,
      groupCode: group.code,
      generatedAt: now.toISOString(),
      dueSoonDays: query.dueSoonDays,
      projects: summary.projects.map(({ project, ballIsWith, workflows }) => ({
        ...project,
        ballIsWith,
        workflows: workflows.map((w) => ({
          id: w.id,
          chainKey: w.chainKey,
          openSteps: w.steps.map((s) => ({
            key: s.stepKey,
            name: s.stepName,
            heldBy: s.holders,
            side: s.side,
            activatedAt: s.activatedAt?.toISOString() ?? null,
            dueAt: s.dueAt?.toISOString() ?? null,
            escalationLevel: s.escalationLevel,
            urgency: s.urgency,
            urgencyLabel: URGENCY_LABELS[s.urgency],
          })),
          changesRequested: w.sentBack.map((s) => ({
            key: s.stepKey,
            name: s.stepName,
            requestedAt: s.requestedAt.toISOString(),
            requestedBy: s.requestedBy,
          })),
        })),
      })),
      byCountry: summary.byCountry,
      byAgency: summary.byAgency,
      awaitingResubmission: summary.awaitingResubmission,
    };
  }
}
