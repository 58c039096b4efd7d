import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import type { RolloverPreviewBody, SchoolYearBody } from '@roster/internal-api';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { carryForwardInvalid, decideNextYear, yearBody } from '../../domain/school-year';
import { sortSchools, totalsOf, type RolloverInput } from '../../domain/school-year-plan';
import { SchoolYearsRepository } from '../../persistence/school-years.repository';

/** The district's school years (staff of the district) and what a rollover would do (district admins; nothing changes). */
@Injectable()
export class SchoolYearsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(SchoolYearsRepository) private readonly years: SchoolYearsRepository,
  ) {}

  async list(caller: Caller, districtId: string): Promise<{ data: SchoolYearBody[] }> {
    enforce(districtAccess(requireStaff(caller), districtId));
    // A read stores nothing: a district that never rolled over shows its default year (stored by its first rollover).
    const em = this.ctx.orm.em.fork();
    const stored = await this.years.list(em, districtId);
    const years = stored.some((y) => y.status === 'current') ? stored : [await this.years.currentOrDefault(em, districtId, new Date()), ...stored];
    return { data: years.map(yearBody) };
  }

  async preview(caller: Caller, districtId: string, input: RolloverInput): Promise<RolloverPreviewBody> {
    enforce(districtAccess(requireStaff(caller), districtId, 'admin'));
    return this.ctx.orm.em.fork().transactional(async (em) => {
      const current = await this.years.currentOrDefault(em, districtId, new Date());
      const next = decideNextYear(current, await this.years.names(em, districtId), input);
      const carry = [...new Set(input.carryForwardClassIds ?? [])];
      const wrong = await this.years.notCarriable(em, districtId, current.id, carry);
      if (wrong.length > 0) throw carryForwardInvalid(wrong);
      const schools = sortSchools(await this.years.plan(em, districtId, current.id, carry));
      return { endingYear: yearBody(current), newYear: next, schools, totals: totalsOf(schools) };
    });
  }
}
