import { Body, Controller, Inject, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type PlacementBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { RecordPlacementHandler } from './record-placement.handler';

/** POST /internal/v1/placements */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class RecordPlacementController {
  constructor(@Inject(RecordPlacementHandler) private readonly handler: RecordPlacementHandler) {}

  @Post('placements')
  record(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<PlacementBody> {
    return this.handler.execute(caller, parseInput(classesApi.placementBody, body));
  }
}
