import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@roster/persistence';
import { SchoolEntity, toSchool, type School } from './school.entity';

/** Reads the school projection (written in bulk by the identity consumer). */
@Injectable()
export class SchoolsRepository {
  async find(em: EntityManager, id: string): Promise<School | undefined> {
    const record = await em.findOne(SchoolEntity, id);
    return record ? toSchool(record) : undefined;
  }
}
