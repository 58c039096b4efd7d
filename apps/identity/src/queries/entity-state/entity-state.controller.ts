import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import type { AccountState, SchoolState } from '@roster/contracts';
import { statePageQuerySchema } from '@roster/internal-api';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { z } from 'zod';
import { EntityStateHandler, type Versioned } from './entity-state.handler';

const cursorSchema = z.uuid();

/** `GET /internal/v1/state/...`: accounts and schools as identity's events carry them (docs/internal-api.md). */
@Controller('internal/v1/state')
@UseGuards(InternalAuthGuard)
export class EntityStateController {
  constructor(private readonly handler: EntityStateHandler) {}

  @Get('accounts/:id')
  account(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<Versioned<AccountState>> {
    return this.handler.account(caller, id);
  }

  @Get('schools/:id')
  school(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<Versioned<SchoolState>> {
    return this.handler.school(caller, id);
  }

  @Get('districts/:districtId/accounts')
  districtAccounts(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<Versioned<AccountState>>> {
    const { cursor, limit } = parseInput(statePageQuerySchema, raw, 'query');
    return this.handler.districtAccounts(caller, districtId, { after: decodeCursor(cursor, cursorSchema), limit });
  }

  @Get('districts/:districtId/schools')
  districtSchools(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<Versioned<SchoolState>>> {
    const { cursor, limit } = parseInput(statePageQuerySchema, raw, 'query');
    return this.handler.districtSchools(caller, districtId, { after: decodeCursor(cursor, cursorSchema), limit });
  }
}
