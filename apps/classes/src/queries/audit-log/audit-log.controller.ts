import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { adminSchoolIds, type Caller } from '@roster/authz';
import { decodeCursor, forbidden, pageOf, parseInput, type Page } from '@roster/problems';
import { query } from '@roster/persistence';
import { requireDistrict, staffCaller } from '../../common/access';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { pageQuery, uuidParam } from '../../common/params';
import { compact, Conditions, iso, uuidArray } from '../../common/sql';

export interface AuditView {
  id: string;
  at: string;
  actor: { type: string; id: string };
  action: string;
  targetType: string;
  targetId: string;
  schoolId?: string;
  details: Record<string, unknown>;
}

interface AuditRow {
  seq: string;
  id: string;
  at: string;
  actor_type: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  school_id: string | null;
  details: Record<string, unknown>;
}

const cursorSchema = z.object({ s: z.string().regex(/^\d+$/) });

/** GET /internal/v1/districts/:districtId/audit — district admins: all; school admins: entries of their schools. Newest first. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AuditLogController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('districts/:districtId/audit')
  async list(@CurrentCaller() caller: Caller, @Param('districtId') districtParam: string, @Query() raw: unknown): Promise<Page<AuditView>> {
    const p = staffCaller(caller);
    const districtId = uuidParam(districtParam, 'districtId');
    requireDistrict(p, districtId, 'DISTRICT_NOT_FOUND', 'District');
    const schools = adminSchoolIds(p);
    if (schools !== 'all' && schools.length === 0) throw forbidden('FORBIDDEN', 'district and school admins only');
    const q = parseInput(pageQuery, raw, 'query');
    const after = decodeCursor(q.cursor, cursorSchema);
    const where = new Conditions('district_id = ?', districtId);
    if (schools !== 'all') where.add('school_id = any(?::uuid[])', uuidArray(schools));
    if (after) where.add('seq < ?::bigint', after.s);
    const rows = await query<AuditRow>(
      this.ctx.orm.em.fork(),
      `select seq, id, at, actor_type, actor_id, action, target_type, target_id, school_id, details
       from audit_log where ${where.sql} order by seq desc limit ?`,
      [...where.params, q.limit + 1],
    );
    return pageOf(
      rows,
      q.limit,
      (r) =>
        compact({
          id: r.id,
          at: iso(r.at),
          actor: { type: r.actor_type, id: r.actor_id },
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          schoolId: r.school_id ?? undefined,
          details: r.details,
        }) as AuditView,
      (r) => ({ s: String(r.seq) }),
    );
  }
}
