import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ASYNCAPI_FILE, REGENERATE_COMMAND, renderAsyncApiYaml } from './generate-asyncapi';
import { Events, allTopics, asyncApiDocument, dlqTopicName } from '@roster/contracts';

type Json = Record<string, any>;

/** Resolves a local JSON pointer ref such as `#/components/messages/x`. */
function resolveRef(doc: Json, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, key) => (node == null ? undefined : node[key]), doc);
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('docs/asyncapi.yaml', () => {
  it(`is up to date with the contracts (regenerate with: ${REGENERATE_COMMAND})`, () => {
    let committed: string;
    try {
      committed = readFileSync(ASYNCAPI_FILE, 'utf8');
    } catch {
      throw new Error(`docs/asyncapi.yaml is missing; generate it with: ${REGENERATE_COMMAND}`);
    }
    const expected = renderAsyncApiYaml();
    if (committed !== expected) {
      const a = committed.split('\n');
      const b = expected.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `docs/asyncapi.yaml is out of date with libs/contracts; regenerate it with: ${REGENERATE_COMMAND}\n` +
          `first difference at line ${line + 1}:\n  committed: ${a[line] ?? '<end of file>'}\n  generated: ${b[line] ?? '<end of file>'}`,
      );
    }
  });

  it('says it is generated and how to regenerate it', () => {
    const head = renderAsyncApiYaml().split('\n').slice(0, 5).join('\n');
    expect(head).toMatch(/^# GENERATED FILE/);
    expect(head).toContain(REGENERATE_COMMAND);
  });

  it('parses back to exactly the document the contracts build', () => {
    expect(parse(renderAsyncApiYaml())).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });
});

describe('asyncApiDocument()', () => {
  const doc = asyncApiDocument() as Json;
  const defs = Object.values(Events);

  it('is AsyncAPI 3.0.0 with info and a JSON default content type', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(doc.defaultContentType).toBe('application/json');
  });

  it('has one channel per topic, addressed by the topic name, naming its DLQ when consumed', () => {
    const channels = Object.values(doc.channels) as Json[];
    expect(channels.map((c) => c.address).sort()).toEqual(allTopics.map((t) => t.name).sort());
    for (const t of allTopics) {
      const channel = channels.find((c) => c.address === t.name)!;
      if (t.consumed) expect(channel.description).toContain(dlqTopicName(t.name));
    }
  });

  it('has one message per event type, each in the channel of its topic', () => {
    const messages = Object.values(doc.components.messages) as Json[];
    expect(messages.map((m) => m.name).sort()).toEqual(defs.map((d) => d.type).sort());
    for (const d of defs) {
      const channel = (Object.values(doc.channels) as Json[]).find((c) => c.address === d.topic.name)!;
      const inChannel = Object.values(channel.messages).map((ref: any) => resolveRef(doc, ref.$ref) as Json);
      expect(inChannel.map((m) => m.name)).toContain(d.type);
    }
    const referenced = (Object.values(doc.channels) as Json[]).flatMap((c) => Object.keys(c.messages));
    expect(referenced.sort()).toEqual(Object.keys(doc.components.messages).sort());
  });

  it('gives each message the full envelope as payload, with its type as a constant', () => {
    for (const m of Object.values(doc.components.messages) as Json[]) {
      expect(m.contentType).toBe('application/json');
      expect(m.payload.properties.type.const).toBe(m.name);
      expect(m.payload.required).toEqual(expect.arrayContaining(['id', 'type', 'source', 'subject', 'time', 'districtId', 'version', 'data']));
      expect(m.headers.properties.ce_type.const).toBe(m.name);
    }
  });

  it('has one operation per channel; only the assessment input is received', () => {
    const ops = Object.values(doc.operations) as Json[];
    expect(ops).toHaveLength(allTopics.length);
    for (const op of ops) {
      const channel = resolveRef(doc, op.channel.$ref) as Json;
      expect(channel).toBeDefined();
      expect(op.action).toBe(channel.address.startsWith('assessment.') ? 'receive' : 'send');
    }
  });

  it('has no dangling $ref', () => {
    for (const ref of refsIn(doc)) expect(resolveRef(doc, ref)).toBeDefined();
  });
});
