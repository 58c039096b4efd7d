import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { accountsQuerySchema } from '@roster/internal-api';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { z } from 'zod';
import type { AccountView } from '../views';
import { AccountsHandler } from './accounts.handler';

const cursorSchema = z.tuple([z.string(), z.string(), z.uuid()]);

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AccountsController {
  constructor(private readonly handler: AccountsHandler) {}

  /** Accounts of a district: district admins see all; school admins and teachers those of their schools. */
  @Get('districts/:districtId/accounts')
  search(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<AccountView>> {
    const { cursor, ...input } = parseInput(accountsQuerySchema, raw, 'query');
    return this.handler.search(caller, districtId, { ...input, after: decodeCursor(cursor, cursorSchema) });
  }

  @Get('accounts/by-clever-id/:cleverUserId')
  byCleverId(@CurrentCaller() caller: Caller, @Param('cleverUserId') cleverUserId: string): Promise<AccountView> {
    return this.handler.byCleverId(caller, cleverUserId);
  }

  @Get('accounts/:id')
  byId(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AccountView> {
    return this.handler.byId(caller, id);
  }
}
