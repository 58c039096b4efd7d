import type { ConsumerDefinition } from '@roster/messaging';
import type { ClassesContext } from '../common/context';
import { AuditRepository } from '../repositories/audit.repository';
import { PlacementsRepository } from '../repositories/placements.repository';
import { StudentsRepository } from '../repositories/students.repository';
import { assessmentConsumer } from './assessment/assessment.consumer';
import { RecordAssessmentPlacementsHandler } from './assessment/record-assessment-placements.handler';
import { ApplyIdentityEventsHandler } from './identity/apply-identity-events.handler';
import { IdentityProjectionRepository } from './identity/identity-projection.repository';
import { IdentityReactionsRepository } from './identity/identity-reactions.repository';
import { identityConsumer } from './identity/identity.consumer';

/**
 * The service's consumers (`classes.identity`, `classes.assessment`), each a thin adapter over its handler.
 * The message runtime starts before the Nest application, so the handlers are built here with the same
 * context and repositories the module provides.
 */
export function classesConsumers(ctx: ClassesContext): ConsumerDefinition[] {
  const audit = new AuditRepository();
  return [
    identityConsumer(new ApplyIdentityEventsHandler(ctx, new IdentityProjectionRepository(), new IdentityReactionsRepository(), audit)),
    assessmentConsumer(new RecordAssessmentPlacementsHandler(ctx, new PlacementsRepository(), new StudentsRepository(), audit)),
  ];
}
