import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { ApprovalChain } from '@app/modules/approvals/entities/approval-chain.entity';
import { WorkflowsService } from '@app/modules/approvals/workflows.service';
import {
  ACTOR_FROM,
  ACTOR_SELECT,
  type Actor,
  type ActorRow,
  actorOf,
} from '@app/modules/identity/auth/auth-user';
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
  DEMO_WORKFLOWS,
  type DemoUser,
} from './demo-data';

const DEMO_COORDINATOR = 'coordinator@demo.puentes.local';

export interface DemoLogin {
  email: string;
  password: string;
  roles: string[];
  agency: string | null;
  name: string;
  locale: string;
  timeZone: string;
}

const SEED_LOCK = 73_110_202;
export const DEMO_LOGINS_FILE = 'demo-logins.json';
/** The same logins for people: one aligned line each (email, password, roles @ agency, name). */
export const DEMO_LOGINS_TEXT_FILE = 'demo-logins.txt';

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
    private readonly modules: ModuleRef,
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
    if (demo) {
      await this.seedWorkflows();
      await this.announce(demo);
    }
  }

  /**
   * The demo's workflows, each started by the coordinator and moved by its signatures through
   * the approvals service as the users who sign them — so their histories are hash-chained,
   * their deadlines computed and their timers and notifications real, as for any workflow.
   */
  private async seedWorkflows(): Promise<void> {
    // Resolved here, not injected: the approvals module is the app's, not imported a second time.
    const workflows = this.modules.get(WorkflowsService, { strict: false });
    const coordinator = await this.actAs(DEMO_COORDINATOR);
    for (const demo of DEMO_WORKFLOWS) {
      const [project] = (await this.dataSource.query('SELECT id FROM projects WHERE code = $1', [
        demo.project,
      ])) as { id: string }[];
      const started = await workflows.start(project.id, { chainKey: DEMO_CHAIN.key }, coordinator);
      let status = started.status;
      for (const decision of demo.decisions) {
        const view = await workflows.decide(
          started.id,
          decision.step,
          { decision: decision.decision, comment: decision.comment },
          await this.actAs(decision.as),
        );
        status = view.status;
      }
      this.logger.log(`Demo workflow on ${demo.project} (${demo.stage}): ${status}`);
    }
  }

  /** A demo user as the auth guard would present them to a service. */
  private async actAs(email: string): Promise<Actor> {
    const [user] = (await this.dataSource.query(
      `${ACTOR_SELECT} ${ACTOR_FROM} WHERE u.email = $1`,
      [email],
    )) as ActorRow[];
    return actorOf(user);
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
      const timeZone = demo.timeZone ?? agency?.timeZone ?? 'UTC';
      const user = await manager.save(User, {
        email: demo.email,
        name: demo.name,
        passwordHash: await hashPassword(password),
        agencyId: agency?.id ?? null,
        roles: demo.roles,
        locale: demo.locale,
        timeZone,
        active: true,
      });
      logins.push({
        email: demo.email,
        password,
        roles: demo.roles,
        agency: demo.agency,
        name: demo.name,
        locale: demo.locale,
        timeZone,
      });
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

  /**
   * The passwords exist only here: logged once, and kept beside the embedded database (only
   * its owner may read them) as JSON for scripts and as text for people.
   */
  private async announce(logins: DemoLogin[]): Promise<void> {
    const text = formatDemoLogins(logins);
    if (this.config.embedded) {
      const dir = resolve(this.config.dataDir);
      await writeFile(join(dir, DEMO_LOGINS_FILE), JSON.stringify(logins, null, 2), {
        mode: 0o600,
      });
      await writeFile(join(dir, DEMO_LOGINS_TEXT_FILE), text, { mode: 0o600 });
    }
    this.logger.log(`Demo logins (POST /api/v1/auth/login):\n${text}`);
  }
}

/**
 * `email  password  roles @ AGENCY  name (locale, zone)`, one aligned line per login, under a
 * heading: what is printed at the first start and kept in `demo-logins.txt`.
 */
export function formatDemoLogins(logins: DemoLogin[]): string {
  const width = Math.max(...logins.map((l) => l.email.length));
  const who = (l: DemoLogin) => `${l.roles.join(',')}${l.agency ? ` @ ${l.agency}` : ''}`;
  const whoWidth = Math.max(...logins.map((l) => who(l).length));
  return (
    [
      '# Puentes demo logins: email, password, roles @ agency, name (language, time zone)',
      ...logins.map(
        (l) =>
          `${l.email.padEnd(width)}  ${l.password}  ${who(l).padEnd(whoWidth)}  ${l.name} (${l.locale}, ${l.timeZone})`,
      ),
    ].join('\n') + '\n'
  );
}
