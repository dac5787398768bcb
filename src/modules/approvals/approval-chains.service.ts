import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  assigneeId,
  authoringProblems,
  type ChainDefinition,
  type ChainProblem,
  STEP_KEY_MAX_LENGTH,
  STEP_KEY_PATTERN,
  validateChain,
} from '@puentes/workflow-engine';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { DomainError, notFound } from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import { chainFieldErrors, invalidChain } from './approvals.errors';
import type { ChainBodyDto, ListChainsQuery } from './dto/approval-chain.dto';
import { ApprovalChainView, type ChainWarningView } from './dto/approval-chain.dto';
import { ApprovalChain } from './entities/approval-chain.entity';
import { isUnstaffed, staffingOf } from './staffing';

@Injectable()
export class ApprovalChainsService {
  /** Published versions never change, so their definitions are kept once read. */
  private readonly published = new Map<string, ApprovalChain>();

  constructor(
    @InjectRepository(ApprovalChain) private readonly chains: Repository<ApprovalChain>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(dto: ChainBodyDto): Promise<ApprovalChainView> {
    await this.validate(dto.steps, bodyProblems(dto));
    const existing = await this.chains.findOne({
      where: { key: dto.key },
      order: { version: 'DESC' },
    });
    if (existing) {
      throw new DomainError(
        'conflict',
        'CHAIN.KEY_EXISTS',
        `A chain with key ${dto.key} exists; make a new version with POST /api/v1/approval-chains/${existing.id}/versions.`,
      );
    }
    const chain = await this.chains.save(
      this.chains.create({
        key: dto.key,
        version: 1,
        status: 'draft',
        nameEn: dto.name.en,
        nameEs: dto.name.es,
        definition: { steps: dto.steps },
        publishedAt: null,
      }),
    );
    return ApprovalChainView.of(chain);
  }

  /** Replaces a draft; a published version is frozen. */
  async replace(id: string, dto: ChainBodyDto): Promise<ApprovalChainView> {
    const chain = await this.find(id);
    this.assertDraft(chain);
    if (dto.key !== chain.key) {
      throw new DomainError(
        'invalid',
        'CHAIN.KEY_IMMUTABLE',
        `key must stay ${chain.key}.`,
        chainFieldErrors([
          {
            field: 'key',
            message: `must stay ${chain.key}`,
            code: 'key_immutable',
            params: { key: chain.key },
          },
        ]),
      );
    }
    await this.validate(dto.steps, bodyProblems(dto));
    chain.nameEn = dto.name.en;
    chain.nameEs = dto.name.es;
    chain.definition = { steps: dto.steps };
    return ApprovalChainView.of(await this.chains.save(chain));
  }

  async publish(id: string): Promise<ApprovalChainView> {
    const chain = await this.find(id);
    this.assertDraft(chain);
    // Agencies or groups may have changed since the draft was written.
    await this.validate(chain.definition.steps);
    chain.status = 'published';
    chain.publishedAt = new Date();
    const saved = await this.chains.save(chain);
    return { ...ApprovalChainView.of(saved), warnings: await this.warnings(saved) };
  }

  /** A new draft (the next version of the key) copied from any version. */
  async newVersion(id: string): Promise<ApprovalChainView> {
    const source = await this.find(id);
    return this.dataSource.transaction(async (manager) => {
      // Serialise version numbering per key.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`chain:${source.key}`]);
      const draft = await manager.findOneBy(ApprovalChain, { key: source.key, status: 'draft' });
      if (draft) {
        throw new DomainError(
          'conflict',
          'CHAIN.DRAFT_EXISTS',
          `Version ${draft.version} of ${source.key} (${draft.id}) is still a draft: edit or publish it.`,
        );
      }
      const [{ max }] = (await manager.query(
        'SELECT max(version) AS max FROM approval_chains WHERE key = $1',
        [source.key],
      )) as { max: number }[];
      const chain = await manager.save(
        manager.create(ApprovalChain, {
          key: source.key,
          version: max + 1,
          status: 'draft',
          nameEn: source.nameEn,
          nameEs: source.nameEs,
          definition: source.definition,
          publishedAt: null,
        }),
      );
      return ApprovalChainView.of(chain);
    });
  }

  async list(query: ListChainsQuery) {
    const [items, total] = await this.chains.findAndCount({
      where: {
        ...(query.key ? { key: query.key } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
      order: { key: 'ASC', version: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(ApprovalChainView.of), total, query);
  }

  async get(id: string): Promise<ApprovalChainView> {
    return ApprovalChainView.of(await this.find(id));
  }

  /** The latest published version of a key, which new workflows run. */
  async latestPublished(key: string): Promise<ApprovalChain | null> {
    const chain = await this.chains.findOne({
      where: { key, status: 'published' },
      order: { version: 'DESC' },
    });
    if (chain) this.published.set(chain.id, chain);
    return chain;
  }

  /**
   * A published version by id, read once per process. Inside a transaction pass its `manager`:
   * a cold cache must be filled on the transaction's own connection, never on a second pooled
   * one (thirty transactions each holding a connection and waiting for another wedge the pool).
   */
  async publishedById(id: string, manager: EntityManager): Promise<ApprovalChain> {
    let chain = this.published.get(id);
    if (!chain) {
      chain = (await manager.findOneBy(ApprovalChain, { id })) ?? undefined;
      if (!chain) throw notFound('approval chain', id);
      if (chain.status === 'published') this.published.set(id, chain);
    }
    return chain;
  }

  definitionOf(chain: ApprovalChain): ChainDefinition {
    return chain.definition as unknown as ChainDefinition;
  }

  /** Every problem of the steps, after `earlier` ones (the body's key and name), at once. */
  private async validate(steps: unknown[], earlier: ChainProblem[] = []): Promise<void> {
    const [agencies, groups] = await Promise.all([
      this.dataSource.query('SELECT code FROM agencies') as Promise<{ code: string }[]>,
      this.dataSource.query('SELECT code FROM technical_groups') as Promise<{ code: string }[]>,
    ]);
    const problems = [
      ...earlier,
      ...validateChain(
        { steps },
        { agencies: agencies.map((a) => a.code), groups: groups.map((g) => g.code) },
      ),
      ...authoringProblems({ steps }),
    ];
    if (problems.length > 0) throw invalidChain(problems);
  }

  /**
   * Every assignee of the chain nobody can sign for today (see `staffingOf`), per step, in
   * definition order. The project's own group (`{ projectGroup: true }`) is known only when a
   * workflow starts, so it is not checked here.
   */
  private async warnings(chain: ApprovalChain): Promise<ChainWarningView[]> {
    const steps = this.definitionOf(chain).steps;
    const named = steps.flatMap((step) =>
      step.assignees
        .filter((assignee) => !('projectGroup' in assignee))
        .map((assignee) => ({ step, assignee, id: assigneeId(assignee) })),
    );
    const staffing = await staffingOf(
      this.dataSource.manager,
      named.map((n) => n.id),
    );
    return (
      named
        .filter((n) => isUnstaffed(staffing.get(n.id)))
        // Named as people know the step: by its name, in each language.
        .map(({ step, assignee }) => ({
          stepKey: step.key,
          assignee: { ...assignee },
          code: 'ASSIGNEE_UNSTAFFED' as const,
          message:
            'agency' in assignee
              ? {
                  en: `Nobody can sign for ${assignee.agency} on the step “${step.name.en}” today: the agency has no active approver.`,
                  es: `Hoy nadie puede firmar por ${assignee.agency} en la etapa «${step.name.es}»: la dependencia no tiene una persona aprobadora activa.`,
                }
              : {
                  en: `Nobody can sign for ${(assignee as { technicalGroup: string }).technicalGroup} on the step “${step.name.en}” today: the group lacks an active co-chair.`,
                  es: `Hoy nadie puede firmar por ${(assignee as { technicalGroup: string }).technicalGroup} en la etapa «${step.name.es}»: al grupo le falta una copresidencia activa.`,
                },
        }))
    );
  }

  private assertDraft(chain: ApprovalChain) {
    if (chain.status !== 'draft') {
      throw new DomainError(
        'conflict',
        'CHAIN.PUBLISHED',
        `Version ${chain.version} of ${chain.key} is published and frozen; make a new version.`,
      );
    }
  }

  private async find(id: string): Promise<ApprovalChain> {
    const chain = await this.chains.findOneBy({ id });
    if (!chain) throw notFound('approval chain', id);
    return chain;
  }
}

/**
 * What is wrong with a body's key and name (their shape passed the DTO): reported with the
 * steps' problems, in the words class-validator used for them before.
 */
function bodyProblems(dto: ChainBodyDto): ChainProblem[] {
  const problems: ChainProblem[] = [];
  if (dto.key.trim() === '')
    problems.push({ field: 'key', message: 'is required', code: 'required' });
  else if (!STEP_KEY_PATTERN.test(dto.key))
    problems.push({
      field: 'key',
      message: 'key must be lower-case words of letters and digits joined by dashes',
      code: 'key_format',
      params: { max: STEP_KEY_MAX_LENGTH },
    });
  for (const language of ['en', 'es'] as const)
    if (dto.name[language].trim() === '')
      problems.push({
        field: `name.${language}`,
        message: `name.${language} should not be empty`,
        code: 'required',
      });
  return problems;
}
