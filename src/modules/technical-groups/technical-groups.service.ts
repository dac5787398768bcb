import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import type { Country } from '@app/common/bilingual';
import {
  type CodedFieldError,
  DomainError,
  notFound,
  throwIfInvalid,
} from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import { whereCodeOrNameContains } from '@app/common/http/text-search';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import type {
  CreateTechnicalGroupDto,
  ListTechnicalGroupsQuery,
  UpdateTechnicalGroupDto,
} from './dto/technical-group.dto';
import { TechnicalGroupView } from './dto/technical-group.dto';
import { TechnicalGroup } from './entities/technical-group.entity';
import { recordGroupEvent } from './group-events';
import { MemberJoinedListeners } from './member-joined';
import { NewSignersListeners } from '@app/common/signers/new-signers';
import { isMxState, isUsState } from './subdivisions';

/** What the view and the approvals module need next to the group itself. */
const RELATIONS = {
  coChairMx: { agency: true },
  coChairUs: { agency: true },
  memberAgencies: true,
} as const;

function checkStates(
  field: 'mxStates' | 'usStates',
  codes: string[],
  problems: CodedFieldError[],
): void {
  const [known, country] = field === 'mxStates' ? [isMxState, 'MX'] : [isUsState, 'US'];
  codes.forEach((code, index) => {
    if (!known(code)) {
      problems.push({
        field: `${field}[${index}]`,
        message: `${code} is not an ISO 3166-2 code of a ${country} state (without the ${country}- prefix)`,
        code: 'TECHNICAL_GROUP.UNKNOWN_STATE',
      });
    }
  });
}

@Injectable()
export class TechnicalGroupsService {
  constructor(
    @InjectRepository(TechnicalGroup) private readonly groups: Repository<TechnicalGroup>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Agency) private readonly agencies: Repository<Agency>,
    private readonly memberJoined: MemberJoinedListeners,
    private readonly newSigners: NewSignersListeners,
    private readonly afterCommit: AfterCommitQueue,
  ) {}

  async create(dto: CreateTechnicalGroupDto, actor?: AuthUser): Promise<TechnicalGroupView> {
    const problems: CodedFieldError[] = [];
    checkStates('mxStates', dto.mxStates, problems);
    checkStates('usStates', dto.usStates, problems);
    const coChairMx = await this.coChair('MX', dto.coChairs.mx, problems);
    const coChairUs = await this.coChair('US', dto.coChairs.us, problems);
    const members = await this.memberAgencies(dto.memberAgencyCodes ?? [], problems);
    throwIfInvalid(problems);
    if (await this.groups.existsBy({ code: dto.code })) {
      throw new DomainError(
        'conflict',
        'TECHNICAL_GROUP.CODE_TAKEN',
        `A technical group with code ${dto.code} already exists.`,
      );
    }
    const group = await this.groups.manager.transaction(async (manager) => {
      const saved = await manager.save(
        this.groups.create({
          code: dto.code,
          nameEn: dto.name.en,
          nameEs: dto.name.es,
          mxStates: dto.mxStates,
          usStates: dto.usStates,
          coChairMxId: coChairMx!.id,
          coChairUsId: coChairUs!.id,
          memberAgencies: members,
        }),
      );
      await recordGroupEvent(manager, saved.id, 'group_created', actor?.id ?? null, {
        coChairs: { mx: coChairMx!.id, us: coChairUs!.id },
      });
      return saved;
    });
    // What was written, with the co-chairs (and their agencies) as loaded to check them.
    return TechnicalGroupView.of(Object.assign(group, { coChairMx, coChairUs }));
  }

  async list(query: ListTechnicalGroupsQuery) {
    const qb = this.groups
      .createQueryBuilder('g')
      .leftJoinAndSelect('g.coChairMx', 'chairMx')
      .leftJoinAndSelect('chairMx.agency', 'chairMxAgency')
      .leftJoinAndSelect('g.coChairUs', 'chairUs')
      .leftJoinAndSelect('chairUs.agency', 'chairUsAgency')
      .leftJoinAndSelect('g.memberAgencies', 'member')
      .orderBy('g.code', 'ASC');
    if (query.q) whereCodeOrNameContains(qb, 'g', query.q);
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return page(items.map(TechnicalGroupView.of), total, query);
  }

  async get(id: string): Promise<TechnicalGroupView> {
    return TechnicalGroupView.of(await this.find(id));
  }

  async update(
    id: string,
    dto: UpdateTechnicalGroupDto,
    actor?: AuthUser,
  ): Promise<TechnicalGroupView> {
    const group = await this.find(id);
    const previous = { mx: group.coChairMxId, us: group.coChairUsId };
    const problems: CodedFieldError[] = [];
    if (dto.mxStates) checkStates('mxStates', dto.mxStates, problems);
    if (dto.usStates) checkStates('usStates', dto.usStates, problems);
    const coChairMx = dto.coChairs?.mx
      ? await this.coChair('MX', dto.coChairs.mx, problems)
      : undefined;
    const coChairUs = dto.coChairs?.us
      ? await this.coChair('US', dto.coChairs.us, problems)
      : undefined;
    const members = dto.memberAgencyCodes
      ? await this.memberAgencies(dto.memberAgencyCodes, problems)
      : undefined;
    throwIfInvalid(problems);

    if (dto.name) {
      group.nameEn = dto.name.en;
      group.nameEs = dto.name.es;
    }
    if (dto.mxStates) group.mxStates = dto.mxStates;
    if (dto.usStates) group.usStates = dto.usStates;
    // The loaded relation and its id column must agree, or TypeORM keeps the old co-chair.
    if (coChairMx) {
      group.coChairMx = coChairMx;
      group.coChairMxId = coChairMx.id;
    }
    if (coChairUs) {
      group.coChairUs = coChairUs;
      group.coChairUsId = coChairUs.id;
    }
    if (members) group.memberAgencies = members;
    const queued = await this.groups.manager.transaction(async (manager) => {
      await manager.save(group);
      const jobs: AfterCommitJob[] = [];
      for (const [seat, before, after] of [
        ['mx', previous.mx, group.coChairMxId],
        ['us', previous.us, group.coChairUsId],
      ] as const) {
        if (before !== after) {
          jobs.push(...(await this.coChairChanged(manager, group, seat, before, after, actor)));
        }
      }
      // A new co-chair is told of the steps already waiting on their seat.
      const newChairs = [group.coChairMxId, group.coChairUsId].filter(
        (chair, index) => chair && chair !== [previous.mx, previous.us][index],
      );
      jobs.push(...(await this.newSigners.added(manager, newChairs)));
      return jobs;
    });
    void this.afterCommit.add(queued);
    // The group as saved: its relations are the ones just set, its updatedAt the stored one.
    return TechnicalGroupView.of(group);
  }

  /**
   * The groups with these codes (unknown codes are left out), with their co-chairs (and the
   * co-chairs' agencies) and explicit member agencies loaded. Pass `manager` to read inside a
   * transaction.
   */
  async findByCodes(codes: string[], manager?: EntityManager): Promise<TechnicalGroup[]> {
    if (codes.length === 0) return [];
    const repository = manager?.getRepository(TechnicalGroup) ?? this.groups;
    return repository.find({
      where: { code: In([...new Set(codes)]) },
      relations: RELATIONS,
      order: { code: 'ASC' },
    });
  }

  /**
   * A new co-chair leaves the member list (the seat is their role now); the one replaced stays
   * in the group as a member, so the history of their work remains theirs to read. The change
   * goes to the group's history. A co-chair new to the group joins it as anyone added does
   * (invited to its meetings ahead); returns those jobs.
   */
  private async coChairChanged(
    manager: EntityManager,
    group: TechnicalGroup,
    seat: 'mx' | 'us',
    from: string,
    to: string,
    actor?: AuthUser,
  ): Promise<AfterCommitJob[]> {
    const groupId = group.id;
    const [wasMember] = (await manager.query(
      'DELETE FROM technical_group_members WHERE group_id = $1 AND user_id = $2 RETURNING user_id',
      [groupId, to],
    )) as [unknown[], number];
    const stillCoChair = (await manager.query(
      'SELECT 1 FROM technical_groups WHERE id = $1 AND $2::uuid IN (co_chair_mx_id, co_chair_us_id)',
      [groupId, from],
    )) as unknown[];
    if (stillCoChair.length === 0) {
      await manager.query(
        `INSERT INTO technical_group_members (group_id, user_id, role)
         SELECT $1, id, 'member' FROM users WHERE id = $2 AND active ON CONFLICT DO NOTHING`,
        [groupId, from],
      );
    }
    await recordGroupEvent(manager, groupId, 'co_chair_changed', actor?.id ?? null, {
      seat,
      from,
      to,
    });
    // One who was a member already has the invitations.
    if (wasMember.length > 0) return [];
    return this.memberJoined.joined(manager, {
      groupId,
      groupCode: group.code,
      userId: to,
      actorId: actor?.id ?? null,
    });
  }

  private async find(id: string): Promise<TechnicalGroup> {
    const group = await this.groups.findOne({ where: { id }, relations: RELATIONS });
    if (!group) throw notFound('technical group', id);
    return group;
  }

  /** The co-chair for `country`, or undefined after recording why that user cannot be one. */
  private async coChair(
    country: Country,
    userId: string,
    problems: CodedFieldError[],
  ): Promise<User | undefined> {
    const field = `coChairs.${country.toLowerCase()}`;
    const user = await this.users.findOne({ where: { id: userId }, relations: { agency: true } });
    if (!user) {
      problems.push({
        field,
        message: `no user with id ${userId}`,
        code: 'TECHNICAL_GROUP.UNKNOWN_USER',
      });
      return undefined;
    }
    if (!user.active) {
      problems.push({
        field,
        message: 'the user is deactivated',
        code: 'TECHNICAL_GROUP.CO_CHAIR_INACTIVE',
      });
      return undefined;
    }
    if (user.agency?.country !== country) {
      problems.push({
        field,
        message: `the ${country} co-chair must belong to ${country === 'MX' ? 'a Mexican' : 'a U.S.'} agency`,
        code: 'TECHNICAL_GROUP.CO_CHAIR_COUNTRY',
      });
      return undefined;
    }
    return user;
  }

  private async memberAgencies(codes: string[], problems: CodedFieldError[]): Promise<Agency[]> {
    if (codes.length === 0) return [];
    const found = new Map(
      (await this.agencies.findBy({ code: In(codes) })).map((agency) => [agency.code, agency]),
    );
    codes.forEach((code, index) => {
      if (!found.has(code)) {
        problems.push({
          field: `memberAgencyCodes[${index}]`,
          message: `no agency with code ${code}`,
          code: 'TECHNICAL_GROUP.UNKNOWN_AGENCY',
        });
      }
    });
    return codes.flatMap((code) => found.get(code) ?? []);
  }
}
