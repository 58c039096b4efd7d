import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { decodeCursor, pageOf, parseInput, type Page } from '@roster/problems';
import { requireClassAccess, staffCaller } from '../../common/access';
import { findClass } from '../../common/classes.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { pageQuery, uuidParam } from '../../common/params';
import { classNotFound } from '../../common/problems';
import { listEnrollments, type EnrollmentView } from './list-enrollments.repository';

const listQuery = pageQuery.extend({ status: z.enum(['active', 'ended', 'all']).default('active') });
const cursorSchema = z.object({ l: z.string(), f: z.string(), id: z.uuid() });

/** GET /internal/v1/classes/:id/enrollments?status=active|ended|all — the roster and its history. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListEnrollmentsController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('classes/:id/enrollments')
  async list(@CurrentCaller() caller: Caller, @Param('id') idParam: string, @Query() raw: unknown): Promise<Page<EnrollmentView>> {
    const p = staffCaller(caller);
    const classId = uuidParam(idParam, 'id');
    const q = parseInput(listQuery, raw, 'query');
    const after = decodeCursor(q.cursor, cursorSchema);
    const em = this.ctx.orm.em.fork();
    const cls = await findClass(em, classId);
    if (!cls) throw classNotFound();
    requireClassAccess(p, cls, cls.teacher_ids);
    const rows = await listEnrollments(em, classId, q.status, after, q.limit);
    return pageOf(rows, q.limit, (r) => r.view, (r) => r.position);
  }
}
