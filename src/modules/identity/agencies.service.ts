import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, Repository } from 'typeorm';
import { DomainError, notFound } from '@app/common/errors/domain-error';
import { whereCodeOrNameContains } from '@app/common/http/text-search';
import { page } from '@app/common/http/pagination';
import type { CreateAgencyDto, ListAgenciesQuery, UpdateAgencyDto } from './dto/agency.dto';
import { AgencyView } from './dto/agency.dto';
import { Agency } from './entities/agency.entity';

const DEFAULT_TIME_ZONE = { MX: 'America/Mexico_City', US: 'America/New_York' } as const;

@Injectable()
export class AgenciesService {
  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  async create(dto: CreateAgencyDto): Promise<AgencyView> {
    if (await this.agencies.existsBy({ code: dto.code })) {
      throw new DomainError(
        'conflict',
        'AGENCY.CODE_TAKEN',
        `An agency with code ${dto.code} already exists.`,
      );
    }
    const agency = await this.agencies.save(
      this.agencies.create({
        code: dto.code,
        country: dto.country,
        nameEn: dto.name.en,
        nameEs: dto.name.es,
        email: dto.email?.toLowerCase() ?? null,
        timeZone: dto.timeZone ?? DEFAULT_TIME_ZONE[dto.country],
      }),
    );
    return AgencyView.of(agency);
  }

  async list(query: ListAgenciesQuery) {
    const qb = this.agencies.createQueryBuilder('a').orderBy('a.code', 'ASC');
    if (query.country) qb.andWhere('a.country = :country', { country: query.country });
    if (query.q) whereCodeOrNameContains(qb, 'a', query.q);
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return page(items.map(AgencyView.of), total, query);
  }

  async get(id: string): Promise<AgencyView> {
    return AgencyView.of(await this.find({ id }));
  }

  async update(id: string, dto: UpdateAgencyDto): Promise<AgencyView> {
    const agency = await this.find({ id });
    if (dto.name) {
      agency.nameEn = dto.name.en;
      agency.nameEs = dto.name.es;
    }
    if (dto.email !== undefined) agency.email = dto.email?.toLowerCase() ?? null;
    if (dto.timeZone !== undefined) agency.timeZone = dto.timeZone;
    return AgencyView.of(await this.agencies.save(agency));
  }

  /** Replaces the agency's own days off; deadlines computed from now on count them. */
  async setNonWorkingDays(id: string, dates: string[]): Promise<AgencyView> {
    const agency = await this.find({ id });
    agency.nonWorkingDays = [...dates].sort();
    return AgencyView.of(await this.agencies.save(agency));
  }

  private async find(where: FindOptionsWhere<Agency> & { id: string }): Promise<Agency> {
    const agency = await this.agencies.findOneBy(where);
    if (!agency) throw notFound('agency', where.id);
    return agency;
  }
}
