import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import type { RolloverResultBody } from '@roster/internal-api';
import { counter, metricName } from '@roster/observability';
import { classEvent } from '../../common/class-events';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { carryForwardInvalid, decideNextYear, idempotencyKeyRequired, idempotencyKeyReused, schoolYearRolledOver, yearBody } from '../../domain/school-year';
import { normalizedRolloverRequest, sortSchools, totalsOf, type RolloverInput, type SchoolRolloverCounts } from '../../domain/school-year-plan';
import { AuditRepository } from '../../persistence/audit.repository';
import type { AuditEntry } from '../../persistence/audit-log.entity';
import { SchoolYearsRepository } from '../../persistence/school-years.repository';
import { RolloverSchoolYearRepository } from './rollover-school-year.repository';

const rollovers = counter(metricName('classes', 'school_year_rollovers_total'), 'School-year rollovers, by outcome.', ['outcome']);

/**
 * Ends the district's current school year and starts the next (district admins): every active class of the
 * ending year is archived (`school_year_ended`), their active enrollments end (`school_year_ended`, history and
 * placements kept, the students back in the available lists), the carried-forward classes start again in the
 * new year with the same name, course and teachers and no students. One transaction for the whole district —
 * all of it or nothing — with the events and audit entries, and the answer stored under the idempotency key.
 * Rollovers of a district take turns (an advisory lock); one that waited while another ended its year is refused
 * (CLASSES.SCHOOL_YEAR_ROLLED_OVER) rather than ending the year that has just begun.
 */
@Injectable()
export class RolloverSchoolYearHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(SchoolYearsRepository) private readonly years: SchoolYearsRepository,
    @Inject(RolloverSchoolYearRepository) private readonly rollover: RolloverSchoolYearRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, districtId: string, input: RolloverInput, idempotencyKey: string | undefined): Promise<RolloverResultBody> {
    const p = requireStaff(caller);
    enforce(districtAccess(p, districtId, 'admin'));
    const key = idempotencyKey?.trim();
    if (!key || key.length > 200) throw idempotencyKeyRequired();
    const actor = actorOf(p);
    const request = normalizedRolloverRequest(input);
    const started = Date.now();
    const { result, repeated } = await this.ctx.orm.em.fork().transactional(async (em) => {
      const today = new Date();
      // The year this request ends, read before waiting for another rollover of the district (read committed:
      // each statement sees what committed before it started).
      const seen = await this.years.currentOrDefault(em, districtId, today);
      await this.years.lockRollovers(em, districtId);
      const earlier = await this.years.rolloverOfKey(em, districtId, key);
      if (earlier) {
        if (JSON.stringify(earlier.request) !== JSON.stringify(request)) throw idempotencyKeyReused();
        return { result: earlier.result as RolloverResultBody, repeated: true };
      }
      await this.years.ensureCurrent(em, districtId, today);
      // FOR UPDATE: a class created meanwhile waits (the class trigger reads the current year FOR SHARE) and lands
      // unassigned — in the new year — instead of in the ending year after its classes were archived.
      const current = (await this.years.current(em, districtId, true))!;
      if (current.id !== seen.id) throw schoolYearRolledOver(seen, current);
      const next = decideNextYear(current, await this.years.names(em, districtId), input);
      const ending = await this.rollover.lockEndingClasses(em, districtId, current.id);
      const endingSet = new Set(ending);
      const wrong = request.carryForwardClassIds.filter((id) => !endingSet.has(id));
      if (wrong.length > 0) throw carryForwardInvalid(wrong);

      const archived = await this.rollover.archive(em, ending, current.id);
      const ended = await this.rollover.endEnrollments(em, ending, actor);
      const returning = await this.rollover.returningStudents(em, ended);
      const newYear = await this.years.startYear(em, current, next);
      const pairs = request.carryForwardClassIds.map((fromClassId) => ({ fromClassId, classId: randomUUID() as string }));
      const carried = await this.rollover.carryForward(em, pairs, newYear.id, actor);
      const fromOf = new Map(pairs.map((x) => [x.classId, x.fromClassId]));

      await this.ctx.outbox.addMany(em, [
        ...archived.map((c) => classEvent('archived', c, actor)),
        ...ended.map(enrollmentEndedEvent),
        ...carried.map((c) => classEvent('created', c, actor)),
      ]);
      const endedPerClass = countBy(ended.map((e) => e.classId));
      const audit: AuditEntry[] = [
        ...archived.map((c) => ({
          districtId,
          schoolId: c.schoolId,
          actor,
          action: 'class.archived',
          targetType: 'class' as const,
          targetId: c.id,
          details: { reason: 'school_year_ended', schoolYear: current.name, endedEnrollments: endedPerClass.get(c.id) ?? 0 },
        })),
        ...ended.map((e) => enrollmentAudit(e, 'enrollment.ended', actor)),
        ...carried.map((c) => ({
          districtId,
          schoolId: c.schoolId,
          actor,
          action: 'class.created',
          targetType: 'class' as const,
          targetId: c.id,
          details: { carriedForwardFrom: fromOf.get(c.id), schoolYear: newYear.name },
        })),
      ];

      const schoolIds = [...new Set([...archived.map((c) => c.schoolId)])];
      const names = await this.years.schoolNames(em, schoolIds);
      const archivedPerSchool = countBy(archived.map((c) => c.schoolId));
      const endedPerSchool = countBy(ended.map((e) => e.schoolId));
      const carriedPerSchool = countBy(carried.map((c) => c.schoolId));
      const schools: SchoolRolloverCounts[] = sortSchools(
        schoolIds.map((schoolId) => ({
          schoolId,
          ...(names.has(schoolId) ? { name: names.get(schoolId) } : {}),
          classesToArchive: archivedPerSchool.get(schoolId) ?? 0,
          enrollmentsToEnd: endedPerSchool.get(schoolId) ?? 0,
          studentsReturning: returning.get(schoolId) ?? 0,
          classesCarriedForward: carriedPerSchool.get(schoolId) ?? 0,
        })),
      );
      const totals = totalsOf(schools);
      const body: RolloverResultBody = {
        endingYear: { ...yearBody(current), status: 'ended' },
        newYear: yearBody(newYear),
        schools,
        totals,
        carriedForward: pairs,
        rolledOverAt: new Date().toISOString(),
      };
      audit.push({
        districtId,
        actor,
        action: 'school_year.rolled_over',
        targetType: 'district',
        targetId: districtId,
        details: { from: current.name, to: newYear.name, schoolYearId: newYear.id, ...totals },
      });
      await this.audit.write(em, audit);
      await this.years.recordRollover(em, districtId, key, request, body);
      return { result: body, repeated: false };
    });
    rollovers.inc({ outcome: repeated ? 'repeated' : 'rolled_over' });
    this.ctx.logger.info(
      { districtId, from: result.endingYear.name, to: result.newYear.name, ...result.totals, repeated, ms: Date.now() - started, actorId: actor.id },
      repeated ? 'school-year rollover repeated (idempotency key)' : 'school year rolled over',
    );
    return result;
  }
}

function countBy(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
