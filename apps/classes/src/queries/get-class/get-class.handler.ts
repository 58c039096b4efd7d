import { Inject, Injectable } from '@nestjs/common';
import { classAccess, enforce, notFoundError, requireStaff, type Caller } from '@roster/authz';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { ClassesRepository, type ClassView } from '../../persistence/classes.repository';

/** A class: admins of its school and its teachers; anyone else gets CLASSES.CLASS_NOT_FOUND. */
@Injectable()
export class GetClassHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
  ) {}

  async execute(caller: Caller, id: string): Promise<ClassView> {
    const p = requireStaff(caller);
    const view = await this.classes.view(this.ctx.orm.em.fork(), id);
    if (!view) throw notFoundError('class');
    enforce(classAccess(p, view));
    return view;
  }
}
