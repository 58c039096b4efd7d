import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { accountsQuerySchema } from '@roster/internal-api';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { z } from 'zod';
import type { AccountView } from '../views';
import { SearchAccountsHandler } from './search-accounts.handler';

const cursorSchema = z.tuple([z.string(), z.string(), z.uuid()]);

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SearchAccountsController {
  constructor(private readonly handler: SearchAccountsHandler) {}

  /** Accounts of a district: district admins see all; school admins and teachers those of their schools. */
  @Get('districts/:districtId/accounts')
  search(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<AccountView>> {
    const { cursor, ...input } = parseInput(accountsQuerySchema, raw, 'query');
    return this.handler.execute(caller, districtId, { ...input, after: decodeCursor(cursor, cursorSchema) });
  }
}
