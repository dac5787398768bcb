import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { DomainError, invalidField, notFound } from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import { NewSignersListeners } from '@app/common/signers/new-signers';
import { likePattern } from '@app/common/http/text-search';
import { hashPassword, verifyPassword } from './auth/passwords';
import { SessionsService } from './auth/sessions.service';
import type {
  ChangePasswordDto,
  CreateUserDto,
  ListUsersQuery,
  UpdateMeDto,
  UpdateUserDto,
} from './dto/user.dto';
import { UserView } from './dto/user.dto';
import { Agency } from './entities/agency.entity';
import { User } from './entities/user.entity';
import type { Role } from './roles';

/** Whether the user signs for their agency now: active, an approver, with an agency. */
const canSign = (user: User) =>
  user.active && user.roles.includes('approver') && user.agencyId !== null;

const emailTaken = (email: string) =>
  new DomainError('conflict', 'USER.EMAIL_TAKEN', `A user with email ${email} already exists.`);

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Agency) private readonly agencies: Repository<Agency>,
    private readonly sessions: SessionsService,
    private readonly newSigners: NewSignersListeners,
    private readonly afterCommit: AfterCommitQueue,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView> {
    const email = dto.email.toLowerCase();
    const agency = await this.agencyOrNull(dto.agencyId);
    this.checkApproverHasAgency(dto.roles, agency);
    if (await this.users.existsBy({ email })) throw emailTaken(email);
    const { user, queued } = await this.users.manager.transaction(async (manager) => {
      const created = await manager.save(
        manager.create(User, {
          email,
          name: dto.name,
          passwordHash: await hashPassword(dto.password),
          agencyId: agency?.id ?? null,
          roles: dto.roles,
          locale: dto.locale ?? (agency ? (agency.country === 'MX' ? 'es' : 'en') : 'en'),
          timeZone: dto.timeZone ?? agency?.timeZone ?? 'UTC',
          active: true,
        }),
      );
      // A new approver is told of the steps already waiting on their agency.
      const jobs = await this.newSigners.added(manager, canSign(created) ? [created.id] : []);
      return { user: created, queued: jobs };
    });
    void this.afterCommit.add(queued);
    return UserView.of(user);
  }

  async list(query: ListUsersQuery) {
    const qb = this.users.createQueryBuilder('u').orderBy('u.email', 'ASC');
    if (query.agencyId) qb.andWhere('u.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.q) {
      const q = likePattern(query.q);
      qb.andWhere(
        new Brackets((w) => w.where('u.email ILIKE :q', { q }).orWhere('u.name ILIKE :q')),
      );
    }
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return page(items.map(UserView.of), total, query);
  }

  async get(id: string): Promise<UserView> {
    return UserView.of(await this.find(id));
  }

  /**
   * An admin's change to a user. A new password or a deactivation ends every session of the
   * user in the same transaction (but the admin's own current one, when they edit themselves).
   */
  async update(
    id: string,
    dto: UpdateUserDto,
    caller?: { id: string; sessionId: string },
  ): Promise<UserView> {
    const user = await this.find(id);
    const wasActive = user.active;
    const signedFor = canSign(user) ? user.agencyId : null;
    if (dto.email !== undefined) {
      const email = dto.email.toLowerCase();
      if (email !== user.email && (await this.users.existsBy({ email }))) throw emailTaken(email);
      user.email = email;
    }
    if (dto.agencyId !== undefined)
      user.agencyId = (await this.agencyOrNull(dto.agencyId))?.id ?? null;
    if (dto.roles !== undefined) user.roles = dto.roles;
    this.checkApproverHasAgency(user.roles, user.agencyId);
    if (dto.name !== undefined) user.name = dto.name;
    if (dto.locale !== undefined) user.locale = dto.locale;
    if (dto.timeZone !== undefined) user.timeZone = dto.timeZone;
    if (dto.active !== undefined) user.active = dto.active;
    if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
    const endReason =
      wasActive && !user.active
        ? 'user_deactivated'
        : dto.password !== undefined
          ? 'password_reset'
          : undefined;
    const { saved, queued } = await this.users.manager.transaction(async (manager) => {
      const result = await manager.save(user);
      if (endReason) {
        const exceptSessionId = caller?.id === id ? caller.sessionId : undefined;
        await this.sessions.endAllOfUser(id, endReason, { exceptSessionId, manager });
      }
      // Newly able to sign for an agency (reactivated, made approver, moved), or back in their
      // co-chair seats (reactivated): told of the steps already waiting on them (once per round).
      const startsSigning =
        (canSign(result) && result.agencyId !== signedFor) || (!wasActive && result.active);
      const jobs = await this.newSigners.added(manager, startsSigning ? [id] : []);
      return { saved: result, queued: jobs };
    });
    void this.afterCommit.add(queued);
    return UserView.of(saved);
  }

  async updateMe(id: string, dto: UpdateMeDto): Promise<UserView> {
    const user = await this.find(id);
    // Field by field: the validated DTO has every declared field, unset ones as undefined, and
    // Object.assign would blank them in the answer.
    if (dto.name !== undefined) user.name = dto.name;
    if (dto.locale !== undefined) user.locale = dto.locale;
    if (dto.timeZone !== undefined) user.timeZone = dto.timeZone;
    return UserView.of(await this.users.save(user));
  }

  /**
   * A user's own password change: `currentPassword` must be right (else a 400 naming it, code
   * `AUTH.WRONG_PASSWORD`). Every other session of the user ends in the same transaction; the
   * one making the change goes on.
   */
  async changeOwnPassword(
    caller: { id: string; sessionId: string },
    dto: ChangePasswordDto,
  ): Promise<void> {
    const user = await this.find(caller.id);
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      throw invalidField('currentPassword', 'is not your current password', 'AUTH.WRONG_PASSWORD');
    }
    const passwordHash = await hashPassword(dto.newPassword);
    await this.users.manager.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash });
      await this.sessions.endAllOfUser(user.id, 'password_changed', {
        exceptSessionId: caller.sessionId,
        manager,
      });
    });
  }

  private checkApproverHasAgency(roles: Role[], agency: Agency | string | null) {
    if (roles.includes('approver') && !agency) {
      throw invalidField(
        'agencyId',
        'an approver must belong to an agency',
        'USER.APPROVER_NEEDS_AGENCY',
      );
    }
  }

  private async agencyOrNull(agencyId: string | null | undefined): Promise<Agency | null> {
    if (!agencyId) return null;
    const agency = await this.agencies.findOneBy({ id: agencyId });
    if (!agency)
      throw invalidField('agencyId', `no agency with id ${agencyId}`, 'USER.UNKNOWN_AGENCY');
    return agency;
  }

  private async find(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('user', id);
    return user;
  }
}
