import { ReferenceKind, type EntityName } from '@mikro-orm/core';
import { sql, type EntityManager, type SqlFragment } from '@roster/persistence';

const cache = new Map<string, SqlFragment>();

/**
 * The entity's own scalar columns as `alias.column as "property"`, read from its metadata: a raw row
 * selected with them has the entity's shape, so the entity file's mapping to the domain reads it, without
 * hydrating entities. For the roster consumer's batch reads, where hydrating 1,000 entities costs about
 * ten times the query (measured: ~200–400 ms vs ~30 ms per 1,000 accounts). Relations are left out (the
 * caller joins what it needs); so are lazy and non-persistent properties.
 */
export function entityColumns(em: EntityManager, entity: EntityName, alias: string): SqlFragment {
  const meta = em.getMetadata(entity);
  const key = `${meta.className}:${alias}`;
  let columns = cache.get(key);
  if (!columns) {
    const props = meta.props.filter((p) => p.kind === ReferenceKind.SCALAR && p.persist !== false && !p.lazy && !p.formula);
    columns = sql.raw(props.map((p) => `${alias}.${p.fieldNames[0]} as "${p.name}"`).join(', '));
    cache.set(key, columns);
  }
  return columns;
}
