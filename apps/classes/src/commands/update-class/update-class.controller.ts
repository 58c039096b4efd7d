import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import type { ClassView } from '../../repositories/classes.repository';
import { UpdateClassHandler } from './update-class.handler';

const updateClassBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    courseId: z.string().min(1).max(100).nullable().optional(),
    addTeacherIds: z.array(z.uuid()).max(100).optional(),
    removeTeacherIds: z.array(z.uuid()).max(100).optional(),
  })
  .refine((b) => !(b.addTeacherIds ?? []).some((id) => (b.removeTeacherIds ?? []).includes(id)), {
    message: 'a teacher cannot be both added and removed',
    path: ['removeTeacherIds'],
  });

/** PATCH /internal/v1/classes/:id */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateClassController {
  constructor(@Inject(UpdateClassHandler) private readonly handler: UpdateClassHandler) {}

  @Patch('classes/:id')
  update(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: unknown): Promise<ClassView> {
    return this.handler.execute(caller, uuidParam(id, 'id'), parseInput(updateClassBody, body));
  }
}
