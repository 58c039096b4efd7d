import { ProblemError } from '@roster/problems';
import type { RunTrigger } from '../../persistence/runs.repository';
import type { IngestionContext } from '../../runtime/context';

export const districtNotFound = () => new ProblemError(404, 'DISTRICT_NOT_FOUND', 'District not found');

/**
 * Queues a full sync ("sync now", nightly, resync requests). At most one full run per district is queued
 * or running; asking again returns that one (`created: false`). The consumer process runs it.
 */
export async function requestFullSync(ctx: IngestionContext, districtId: string, trigger: RunTrigger): Promise<{ runId: string; created: boolean }> {
  const em = ctx.orm.em.fork();
  const conn = await ctx.connections.get(em, districtId);
  if (!conn) throw districtNotFound();
  if (conn.state !== 'connected') throw new ProblemError(409, 'DISTRICT_DISCONNECTED', 'The district is disconnected', 'it no longer shares data with the app');
  return em.transactional((tem) => ctx.runs.queueFull(tem, districtId, trigger));
}
