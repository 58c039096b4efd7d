import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { requireClassAccess, staffCaller } from '../../common/access';
import { loadClassView, type ClassView } from '../../common/classes.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { uuidParam } from '../../common/params';
import { classNotFound } from '../../common/problems';

/** GET /internal/v1/classes/:id — admins of the class's school and its teachers. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class GetClassController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('classes/:id')
  async get(@CurrentCaller() caller: Caller, @Param('id') idParam: string): Promise<ClassView> {
    const p = staffCaller(caller);
    const view = await loadClassView(this.ctx.orm.em.fork(), uuidParam(idParam, 'id'));
    if (!view) throw classNotFound();
    requireClassAccess(p, { district_id: view.districtId, school_id: view.schoolId }, view.teacherIds);
    return view;
  }
}
