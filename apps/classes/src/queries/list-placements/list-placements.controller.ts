import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { PlacementBody } from '@roster/internal-api';
import { uuidParam } from '../../common/params';
import { ListPlacementsHandler } from './list-placements.handler';

/** GET /internal/v1/students/:id/placements */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListPlacementsController {
  constructor(@Inject(ListPlacementsHandler) private readonly handler: ListPlacementsHandler) {}

  @Get('students/:id/placements')
  list(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<{ data: PlacementBody[] }> {
    return this.handler.execute(caller, uuidParam(id, 'id'));
  }
}
