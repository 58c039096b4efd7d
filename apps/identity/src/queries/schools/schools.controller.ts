import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { schoolsQuerySchema } from '@roster/internal-api';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { z } from 'zod';
import type { SchoolView } from '../views';
import { SchoolsHandler } from './schools.handler';

const cursorSchema = z.tuple([z.string(), z.uuid()]);

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SchoolsController {
  constructor(private readonly handler: SchoolsHandler) {}

  /** A district's schools by name (school admins and teachers: their schools). */
  @Get('districts/:districtId/schools')
  list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<SchoolView>> {
    const { cursor, limit } = parseInput(schoolsQuerySchema, raw, 'query');
    return this.handler.list(caller, districtId, { after: decodeCursor(cursor, cursorSchema), limit });
  }

  @Get('schools/:id')
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<SchoolView> {
    return this.handler.get(caller, id);
  }
}
