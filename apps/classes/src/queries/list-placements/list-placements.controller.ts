import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { query } from '@roster/persistence';
import { staffCaller } from '../../common/access';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { uuidParam } from '../../common/params';
import { PLACEMENT_COLUMNS, toPlacementView, type PlacementRow, type PlacementView } from '../../common/placements.repository';
import { findStudent, requireStudentAccess } from '../../common/students.repository';

/** GET /internal/v1/students/:id/placements — every result, newest first (the first is the one that counts). */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListPlacementsController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('students/:id/placements')
  async list(@CurrentCaller() caller: Caller, @Param('id') idParam: string): Promise<{ data: PlacementView[] }> {
    const p = staffCaller(caller);
    const em = this.ctx.orm.em.fork();
    const student = requireStudentAccess(p, await findStudent(em, uuidParam(idParam, 'id')));
    const rows = await query<PlacementRow>(
      em,
      `select ${PLACEMENT_COLUMNS} from placement where student_id = ? order by tested_on desc, recorded_at desc, seq desc limit 1000`,
      [student.id],
    );
    return { data: rows.map(toPlacementView) };
  }
}
