import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { duplicatePairsQuerySchema, type DuplicatePairBody } from '@roster/internal-api';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { z } from 'zod';
import { DuplicateAccountsHandler } from './duplicate-accounts.handler';

const cursorSchema = z.tuple([z.string().min(1), z.uuid(), z.uuid()]);

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DuplicateAccountsController {
  constructor(private readonly handler: DuplicateAccountsHandler) {}

  /** Possible duplicate pairs of a district (district admins), oldest first. */
  @Get('districts/:districtId/duplicate-accounts')
  list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<DuplicatePairBody>> {
    const { cursor, limit } = parseInput(duplicatePairsQuerySchema, raw, 'query');
    return this.handler.execute(caller, districtId, { after: decodeCursor(cursor, cursorSchema), limit });
  }
}
