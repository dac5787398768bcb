import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { ApprovalChain } from '@app/modules/approvals/entities/approval-chain.entity';
import { hashPassword } from '@app/modules/identity/auth/passwords';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import { GroupMember } from '@app/modules/technical-groups/entities/group-member.entity';
import { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';
import { Project } from '@app/modules/projects/entities/project.entity';
import {
  DEMO_AGENCIES,
  DEMO_CHAIN,
  DEMO_GROUP_MEMBERS,
  DEMO_GROUPS,
  DEMO_PROJECTS,
  DEMO_USERS,
  type DemoUser,
} from './demo-data';

export interface DemoLogin {
  email: string;
  password: string;
  roles: string[];
  agency: string | null;
}

const SEED_LOCK = 73_110_202;
export const DEMO_LOGINS_FILE = 'demo-logins.json';

/**
 * On the first start of an empty database: the bootstrap admin (ADMIN_EMAIL/ADMIN_PASSWORD),
 * and on the embedded default or with SEED_DEMO=true the demo. An advisory lock keeps an `api`
 * and a `worker` starting together from seeding twice.
 */
@Injectable()
export class StartupSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const demo = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const empty = (await manager.count(User)) === 0 && (await manager.count(Agency)) === 0;
      if (!empty) return undefined;
      if (this.config.admin) {
        const { email, password } = this.config.admin;
        await manager.save(User, {
          email: email.toLowerCase(),
          name: 'Administrator',
          passwordHash: await hashPassword(password),
          agencyId: null,
          roles: ['admin'],
          locale: 'en',
          timeZone: 'UTC',
          active: true,
        });
        this.logger.log(`Created the bootstrap admin ${email.toLowerCase()}`);
      }
      return this.config.seedDemo ? this.seedDemo(manager) : undefined;
    });
    if (demo) await this.announce(demo);
  }

  private async seedDemo(manager: EntityManager): Promise<DemoLogin[]> {
    const agencies = new Map<string, Agency>();
    for (const a of DEMO_AGENCIES) {
      const saved = await manager.save(Agency, {
        code: a.code,
        country: a.country,
        nameEn: a.name.en,
        nameEs: a.name.es,
        email: null,
        timeZone: a.timeZone,
      });
      agencies.set(a.code, saved);
    }
    const logins: DemoLogin[] = [];
    const createUser = async (demo: DemoUser) => {
      const password = randomBytes(9).toString('base64url');
      const agency = demo.agency ? agencies.get(demo.agency)! : null;
      const user = await manager.save(User, {
        email: demo.email,
        name: demo.name,
        passwordHash: await hashPassword(password),
        agencyId: agency?.id ?? null,
        roles: demo.roles,
        locale: demo.locale,
        timeZone: demo.timeZone ?? agency?.timeZone ?? 'UTC',
        active: true,
      });
      logins.push({ email: demo.email, password, roles: demo.roles, agency: demo.agency });
      return user;
    };
    const users = new Map<string, User>();
    for (const demo of DEMO_USERS) users.set(demo.email, await createUser(demo));
    const groups = new Map<string, TechnicalGroup>();
    for (const group of DEMO_GROUPS) {
      const saved = await manager.save(TechnicalGroup, {
        code: group.code,
        nameEn: group.name.en,
        nameEs: group.name.es,
        mxStates: group.mxStates,
        usStates: group.usStates,
        coChairMxId: (await createUser(group.coChairs.mx)).id,
        coChairUsId: (await createUser(group.coChairs.us)).id,
        memberAgencies: group.memberAgencyCodes.map((code) => agencies.get(code)!),
      });
      groups.set(group.code, saved);
    }
    for (const member of DEMO_GROUP_MEMBERS) {
      await manager.save(GroupMember, {
        groupId: groups.get(member.group)!.id,
        userId: users.get(member.email)!.id,
        role: member.role,
      });
    }
    for (const project of DEMO_PROJECTS) {
      await manager.save(Project, {
        code: project.code,
        nameEn: project.name.en,
        nameEs: project.name.es,
        type: project.type,
        status: 'planning',
        technicalGroupId: groups.get(project.group)!.id,
        attributes: project.attributes,
        createdBy: null,
      });
    }
    await manager.save(ApprovalChain, {
      key: DEMO_CHAIN.key,
      version: 1,
      status: 'published',
      nameEn: DEMO_CHAIN.name.en,
      nameEs: DEMO_CHAIN.name.es,
      definition: { steps: DEMO_CHAIN.steps },
      publishedAt: new Date(),
    });
    this.logger.log(
      `Seeded the demo: ${DEMO_AGENCIES.length} agencies, ${DEMO_GROUPS.length} technical groups, ` +
        `${logins.length} users, ${DEMO_PROJECTS.length} projects and the ${DEMO_CHAIN.key} chain`,
    );
    return logins;
  }

  /** The passwords exist only here: logged once, and kept beside the embedded database. */
  private async announce(logins: DemoLogin[]): Promise<void> {
    if (this.config.embedded) {
      const file = join(resolve(this.config.dataDir), DEMO_LOGINS_FILE);
      await writeFile(file, JSON.stringify(logins, null, 2), { mode: 0o600 });
    }
    this.logger.log(
      'Demo logins (POST /api/v1/auth/login):\n' +
        logins
          .map(
            (l) =>
              `  ${l.email.padEnd(42)} ${l.password}  ${l.roles.join(',')}${l.agency ? ' @ ' + l.agency : ''}`,
          )
          .join('\n'),
    );
  }
}
