import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import {
  type CodedFieldError,
  DomainError,
  notFound,
  throwIfInvalid,
} from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { whereCodeOrNameContains } from '@app/common/http/text-search';
import type { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';
import { TechnicalGroupsService } from '@app/modules/technical-groups/technical-groups.service';
import type { CreateProjectDto, ListProjectsQuery, UpdateProjectDto } from './dto/project.dto';
import { attributeProblems, ProjectView } from './dto/project.dto';
import { Project } from './entities/project.entity';

const invalidAttributes = (attributes: Record<string, unknown>): CodedFieldError[] =>
  attributeProblems(attributes).map((p) => ({ ...p, code: 'PROJECT.INVALID_ATTRIBUTES' }));

@Injectable()
export class ProjectsService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    private readonly groups: TechnicalGroupsService,
  ) {}

  async create(dto: CreateProjectDto, caller: AuthUser): Promise<ProjectView> {
    const problems = dto.attributes ? invalidAttributes(dto.attributes) : [];
    const group = dto.technicalGroupCode
      ? await this.technicalGroup(dto.technicalGroupCode, problems)
      : null;
    throwIfInvalid(problems);
    if (await this.projects.existsBy({ code: dto.code })) {
      throw new DomainError(
        'conflict',
        'PROJECT.CODE_TAKEN',
        `A project with code ${dto.code} already exists.`,
      );
    }
    const project = await this.projects.save(
      this.projects.create({
        code: dto.code,
        nameEn: dto.name.en,
        nameEs: dto.name.es,
        type: dto.type,
        status: dto.status ?? 'active',
        technicalGroupId: group?.id ?? null,
        attributes: dto.attributes ?? {},
        createdBy: caller.id,
      }),
    );
    return ProjectView.of(await this.findEntity(project.id));
  }

  async list(query: ListProjectsQuery) {
    const qb = this.projects
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.technicalGroup', 'g')
      .orderBy('p.code', 'ASC');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.type) qb.andWhere('p.type = :type', { type: query.type });
    if (query.technicalGroupCode) {
      qb.andWhere('g.code = :groupCode', { groupCode: query.technicalGroupCode });
    }
    if (query.q) whereCodeOrNameContains(qb, 'p', query.q);
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return page(items.map(ProjectView.of), total, query);
  }

  async get(id: string): Promise<ProjectView> {
    return ProjectView.of(await this.findEntity(id));
  }

  async update(id: string, dto: UpdateProjectDto): Promise<ProjectView> {
    const project = await this.findEntity(id);
    const problems = dto.attributes ? invalidAttributes(dto.attributes) : [];
    const group = dto.technicalGroupCode
      ? await this.technicalGroup(dto.technicalGroupCode, problems)
      : null;
    throwIfInvalid(problems);

    if (dto.name) {
      project.nameEn = dto.name.en;
      project.nameEs = dto.name.es;
    }
    if (dto.type !== undefined) project.type = dto.type;
    if (dto.status !== undefined) project.status = dto.status;
    if (dto.attributes !== undefined) project.attributes = dto.attributes;
    if (dto.technicalGroupCode !== undefined) {
      // The loaded relation and its id column must agree, or TypeORM keeps the old group.
      project.technicalGroup = group;
      project.technicalGroupId = group?.id ?? null;
    }
    await this.projects.save(project);
    return ProjectView.of(await this.findEntity(id));
  }

  /**
   * The project with its technical group loaded; the 404 `DomainError` when there is none.
   * Pass `manager` to read inside a transaction.
   */
  async findEntity(id: string, manager?: EntityManager): Promise<Project> {
    const repository = manager?.getRepository(Project) ?? this.projects;
    const project = await repository.findOne({
      where: { id },
      relations: { technicalGroup: true },
    });
    if (!project) throw notFound('project', id);
    return project;
  }

  private async technicalGroup(
    code: string,
    problems: CodedFieldError[],
  ): Promise<TechnicalGroup | null> {
    const [group] = await this.groups.findByCodes([code]);
    if (group) return group;
    problems.push({
      field: 'technicalGroupCode',
      message: `no technical group with code ${code}`,
      code: 'PROJECT.UNKNOWN_TECHNICAL_GROUP',
    });
    return null;
  }
}
