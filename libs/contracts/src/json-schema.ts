import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { Events, type EventDefinition } from './registry';
import { allTopics, dlqTopicName } from './topics';

type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12) of a whole message value: the envelope with this event's payload. */
export function eventJsonSchema(def: EventDefinition): JsonSchema {
  const schema = envelopeSchema.extend({ type: z.literal(def.type), data: def.schema });
  return { title: def.type, description: def.description, ...z.toJSONSchema(schema, { io: 'input' }) };
}

function messageName(type: string): string {
  return type.replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase());
}

/**
 * The AsyncAPI 3 document for the teams that consume roster events. docs/asyncapi.yaml is generated
 * from this (npm run contracts:asyncapi) and a test fails when the committed file is out of date.
 */
export function asyncApiDocument(): JsonSchema {
  const defs = Object.values(Events) as EventDefinition[];
  const channels: JsonSchema = {};
  const operations: JsonSchema = {};
  const messages: JsonSchema = {};
  for (const topic of allTopics) {
    const topicDefs = defs.filter((d) => d.topic.name === topic.name);
    const channelId = topic.name.replace(/[^a-zA-Z0-9]/g, '_');
    channels[channelId] = {
      address: topic.name,
      description: `${topic.description} Key: ${topic.key}. Default partitions: ${topic.partitions}.` +
        (topic.consumed ? ` Messages that fail processing go to ${dlqTopicName(topic.name)}.` : ''),
      messages: Object.fromEntries(
        topicDefs.map((d) => [messageName(d.type), { $ref: `#/components/messages/${messageName(d.type)}` }]),
      ),
    };
    const input = topic.name.startsWith('assessment.');
    operations[`${input ? 'receive' : 'send'}_${channelId}`] = {
      action: input ? 'receive' : 'send',
      channel: { $ref: `#/channels/${channelId}` },
    };
    for (const d of topicDefs) {
      messages[messageName(d.type)] = {
        name: d.type,
        title: d.type,
        summary: d.description,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            ce_id: { type: 'string' },
            ce_type: { type: 'string', const: d.type },
            ce_source: { type: 'string' },
            ce_subject: { type: 'string' },
            ce_time: { type: 'string' },
            ce_districtid: { type: 'string' },
            ce_version: { type: 'string' },
            traceparent: { type: 'string' },
          },
        },
        payload: eventJsonSchema(d),
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Roster events',
      version: '1.0.0',
      description:
        'Events Roster publishes on Kafka (and the assessment input it consumes). Delivery is at least once: ' +
        'deduplicate on the envelope id, and ignore an event whose version is lower than the one you hold. ' +
        'Within a major topic version only optional fields are added.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
