import { ApiVersion, CollectionName, forVersion, JsonObject } from '../generator/records';
import { PreviousAttributesPlacement } from '../options';
import { Link } from '../paging';
import { CollectionItem, LazyCollection, SliceItem } from '../store/collection';
import { StoredEvent } from '../store/event-log';

const CHUNK_ITEMS = 256;

/**
 * A list page as a sequence of JSON chunks. A 10,000-user page is ~8 MB: building one object graph
 * (or one string) for it and keeping it alive until written costs more in GC than generating it, so
 * items are rendered straight to JSON, a few hundred at a time, and each chunk is written and dropped.
 */
export function* listChunks(version: ApiVersion, collection: LazyCollection, items: CollectionItem[], links: Link[]): Generator<string> {
  const uriPrefix = `,"uri":"/${version}/${collection.name}/`;
  yield '{"data":[';
  for (let from = 0; from < items.length; from += CHUNK_ITEMS) {
    const to = Math.min(items.length, from + CHUNK_ITEMS);
    const out: string[] = [];
    for (let n = from; n < to; n++) {
      out.push(n > 0 ? ',{"data":' : '{"data":');
      collection.writeJson(out, items[n], version);
      out.push(uriPrefix, items[n].id, '"}');
    }
    yield out.join('');
  }
  yield `],"links":${JSON.stringify(links)}}`;
}

export function itemBody(version: ApiVersion, collection: CollectionName, record: JsonObject): string {
  const uri = `/${version}/${collection}/${String(record.id)}`;
  return `{"data":${JSON.stringify(forVersion(collection, record, version))},"links":${JSON.stringify([{ rel: 'self', uri }])}}`;
}

/** An event as a given API version and `previous_attributes` placement show it. */
export function eventObject(event: StoredEvent, version: ApiVersion, placement: PreviousAttributesPlacement): JsonObject {
  const collection = event.type.slice(0, event.type.indexOf('.')) as CollectionName;
  const data: JsonObject = { object: forVersion(collection, event.object, version) };
  const out: JsonObject = { id: event.id, type: event.type, created: event.created, data };
  if (event.previousAttributes) {
    const previous = forVersion(collection, event.previousAttributes, version);
    if (placement === 'data') data.previous_attributes = previous;
    else out.previous_attributes = previous;
  }
  return out;
}

export function eventListBody(
  version: ApiVersion,
  items: Array<SliceItem<StoredEvent>>,
  links: Link[],
  placement: PreviousAttributesPlacement,
): string {
  const parts = items.map(
    ({ id, record }) =>
      `{"data":${JSON.stringify(eventObject(record, version, placement))},"uri":${JSON.stringify(`/${version}/events/${id}`)}}`,
  );
  return `{"data":[${parts.join(',')}],"links":${JSON.stringify(links)}}`;
}
