import { z } from 'zod';

/**
 * The envelope every event travels in (JSON value; the same fields mirrored as CloudEvents-style Kafka
 * headers `ce_id`, `ce_type`, ...). `id` is deterministic where the source is (for example derived from
 * a Clever event id, or from run id + object id + content hash) so that a replay dedupes in the inbox.
 * `version` is monotonic per entity: consumers ignore an event older than what they hold.
 */
export const envelopeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1),
  source: z.string().min(1),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  districtId: z.string().min(1),
  version: z.number().int().nonnegative(),
  traceparent: z.string().optional(),
  correlationId: z.string().optional(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

export const HEADER_PREFIX = 'ce_';

/** Kafka headers that mirror the envelope, so tools can route without parsing the value. */
export function envelopeHeaders(e: Envelope): Record<string, string> {
  const headers: Record<string, string> = {
    ce_id: e.id,
    ce_type: e.type,
    ce_source: e.source,
    ce_subject: e.subject,
    ce_time: e.time,
    ce_districtid: e.districtId,
    ce_version: String(e.version),
  };
  if (e.traceparent) headers.traceparent = e.traceparent;
  if (e.correlationId) headers['x-correlation-id'] = e.correlationId;
  return headers;
}
