import { Body, Controller, Inject, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import type { PlacementView } from '../../entities/placement.entity';
import { RecordPlacementHandler } from './record-placement.handler';

const placementBody = z.object({
  studentId: z.uuid(),
  recommendedCourseId: z.string().min(1).max(100),
  score: z.number().finite().optional(),
  testedOn: z.iso.date(),
});

/** POST /internal/v1/placements */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class RecordPlacementController {
  constructor(@Inject(RecordPlacementHandler) private readonly handler: RecordPlacementHandler) {}

  @Post('placements')
  record(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<PlacementView> {
    return this.handler.execute(caller, parseInput(placementBody, body));
  }
}
