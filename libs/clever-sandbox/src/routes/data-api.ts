import { ApiVersion, CollectionName, isCollection, JsonObject, schoolsOf } from '../generator/records';
import { Reply, cleverError, htmlPage, json, rawJson, streamedJson } from '../http/reply';
import { pageLinks, parsePaging, PageRequest } from '../paging';
import { CollectionItem, LazyCollection, RecordFilter, Slice } from '../store/collection';
import { DistrictState } from '../store/district-state';
import { SandboxStore, TokenInfo } from '../store/sandbox-store';
import { eventListBody, eventObject, itemBody, listChunks } from './serialize';

export interface ApiRequest {
  version: ApiVersion;
  /** Path segments after the version, e.g. ["users", "<id>"]. */
  segments: string[];
  pathname: string;
  query: URLSearchParams;
  token: TokenInfo;
}

const ROLE_FILTERS: Record<string, readonly string[]> = {
  users: ['student', 'teacher', 'staff', 'district_admin', 'contact'],
  'schools/users': ['student', 'teacher', 'staff'],
  'sections/users': ['student', 'teacher'],
};

/** `/v3.0/*` and `/v3.1/*` for an authenticated bearer token. */
export function handleDataApi(store: SandboxStore, req: ApiRequest): Reply {
  const district = store.district(req.token.districtId);
  if (req.token.kind === 'sso') return handleSsoScope(store, district, req);
  const [collection, id, relation, ...extra] = req.segments;
  if (collection === 'me' && req.segments.length === 1) {
    return json(200, {
      type: 'district',
      data: { id: district.id, type: 'district' },
      links: [{ rel: 'self', uri: '/me' }, { rel: 'canonical', uri: `/${req.version}/districts/${district.id}` }],
    });
  }
  if (collection === 'events') {
    if (relation !== undefined) return notFound();
    return id === undefined ? listEvents(store, district, req) : getEvent(store, district, req, id);
  }
  if (!collection || !isCollection(collection) || extra.length) return notFound();
  if (id === undefined) return listCollection(store, district, req, collection, {});
  if (relation === undefined) return getItem(district, req.version, collection, id);
  return relationList(store, district, req, collection, id, relation);
}

function notFound(message = 'Resource not found'): Reply {
  return cleverError(404, message);
}

function getItem(district: DistrictState, version: ApiVersion, collection: CollectionName, id: string): Reply {
  const record = district.collections[collection].get(id);
  return record ? rawJson(200, itemBody(version, collection, record)) : notFound();
}

function roleFilter(key: string, query: URLSearchParams): { filter?: RecordFilter; error?: Reply } {
  const role = query.get('role');
  if (!role) return {};
  if (!ROLE_FILTERS[key]?.includes(role)) return { error: cleverError(400, `invalid role ${JSON.stringify(role)}`) };
  return { filter: { role } };
}

function listCollection(
  store: SandboxStore,
  district: DistrictState,
  req: ApiRequest,
  collection: CollectionName,
  filter: RecordFilter,
): Reply {
  const roles = collection === 'users' ? roleFilter('users', req.query) : {};
  if (roles.error) return roles.error;
  const combined = { ...filter, ...roles.filter };
  return pagedList(store, req, district.collections[collection], combined);
}

type PagedSource = Pick<LazyCollection, 'after' | 'before' | 'count'>;

function pagedList(
  store: SandboxStore,
  req: ApiRequest,
  collection: LazyCollection,
  filter: RecordFilter,
  source: PagedSource = collection,
): Reply {
  if (req.query.get('count') === 'true') return json(200, { count: source.count(filter) });
  const paging = parsePaging(req.query, store.options.defaultLimit, store.options.maxLimit);
  if (!paging.ok) return cleverError(paging.status, paging.message);
  const slice = take(source, paging.value, filter);
  const links = pageLinks(req.pathname, req.query, slice, paging.value, store.options.prevLinks);
  return streamedJson(200, () => listChunks(req.version, collection, slice.items, links));
}

function take(source: Pick<LazyCollection, 'after' | 'before'>, page: PageRequest, filter: RecordFilter): Slice {
  if (page.endingBefore !== undefined) return source.before(page.endingBefore, page.limit, filter);
  return source.after(page.startingAfter ?? null, page.limit, filter);
}

/** Relation endpoints, derived from role `schools` and section membership. */
function relationList(
  store: SandboxStore,
  district: DistrictState,
  req: ApiRequest,
  collection: CollectionName,
  id: string,
  relation: string,
): Reply {
  const owner = district.collections[collection].get(id);
  if (!owner) return notFound();
  const c = district.collections;
  if (relation === 'district') return rawJson(200, itemBody(req.version, 'districts', c.districts.get(district.id)!));
  const single = (target: CollectionName, targetId: unknown) => {
    const record = typeof targetId === 'string' ? c[target].get(targetId) : undefined;
    return record ? rawJson(200, itemBody(req.version, target, record)) : notFound();
  };
  const byIds = (target: CollectionName, ids: string[], filter: RecordFilter = {}) =>
    pagedList(store, req, c[target], filter, idSetSource(c[target], ids));
  const key = `${collection}/${relation}`;
  switch (key) {
    case 'schools/users': {
      const roles = roleFilter(key, req.query);
      if (roles.error) return roles.error;
      const primary = req.query.get('primary') === 'true';
      return pagedList(store, req, c.users, {
        ...roles.filter,
        predicate: primary ? (u) => primarySchools(u).includes(id) : (u) => schoolsOf('users', u).includes(id),
      });
    }
    case 'schools/sections':
      return pagedList(store, req, c.sections, { predicate: (s) => s.school === id });
    case 'sections/users': {
      const roles = roleFilter(key, req.query);
      if (roles.error) return roles.error;
      const ids = [...(owner.teachers as string[] ?? []), ...(owner.students as string[] ?? [])];
      return byIds('users', ids, roles.filter);
    }
    case 'sections/school':
      return single('schools', owner.school);
    case 'sections/course':
      return single('courses', owner.course);
    case 'sections/term':
      return single('terms', owner.term_id);
    case 'users/schools':
      return byIds('schools', schoolsOf('users', owner));
    case 'users/sections':
      return pagedList(store, req, c.sections, {
        predicate: (s) => [...((s.teachers as string[]) ?? []), ...((s.students as string[]) ?? [])].includes(id),
      });
    default:
      return notFound();
  }
}

function primarySchools(user: JsonObject): string[] {
  const roles = (user.roles ?? {}) as JsonObject;
  return (['student', 'teacher'] as const)
    .map((r) => (roles[r] as JsonObject | undefined)?.school)
    .filter((s): s is string => typeof s === 'string');
}

/** A small id set (a section's members, a user's schools) paged like a collection. */
function idSetSource(collection: LazyCollection, ids: string[]): PagedSource {
  const sorted = [...new Set(ids)].sort();
  const items = (filter: RecordFilter): CollectionItem[] =>
    sorted.flatMap((id) => {
      const record = collection.get(id);
      return record && collection.matches(record, filter) ? [{ id, index: -1, record }] : [];
    });
  return {
    after: (after, limit, filter = {}) => {
      const all = items(filter).filter((it) => after === null || it.id > after);
      return { items: all.slice(0, limit), more: all.length > limit };
    },
    before: (before, limit, filter = {}) => {
      const all = items(filter);
      const upTo = all.filter((it) => before === null || it.id < before);
      const page = upTo.slice(Math.max(0, upTo.length - limit));
      return { items: page, more: page.length > 0 && all.some((it) => it.id > page[page.length - 1].id) };
    },
    count: (filter = {}) => items(filter).length,
  };
}

// -------------------------------------------------------------------- events

function listEvents(store: SandboxStore, district: DistrictState, req: ApiRequest): Reply {
  const paging = parsePaging(req.query, store.options.defaultLimit, store.options.maxLimit);
  if (!paging.ok) return cleverError(paging.status, paging.message);
  const page = { ...paging.value };
  const now = store.now();
  const retention = store.retentionMs;
  if (page.startingAfter !== undefined) {
    const status = district.events.cursorStatus(page.startingAfter, now, retention);
    if (status !== 'ok') {
      // Clever doesn't document this answer; the sandbox makes it a setting
      const answer = store.options.expiredCursor;
      const why = status === 'expired' ? 'is older than the events window' : 'is not a known event';
      if (answer === 'not_found') return cleverError(404, `starting_after ${page.startingAfter} ${why}`);
      if (answer === 'bad_request') return cleverError(400, `starting_after ${page.startingAfter} ${why}`);
      page.startingAfter = undefined;
    }
  }
  const filter = { recordTypes: req.query.getAll('record_type').filter(Boolean), school: req.query.get('school') ?? undefined };
  const slice =
    page.endingBefore !== undefined
      ? district.events.before(page.endingBefore, page.limit, filter, now, retention)
      : district.events.after(page.startingAfter ?? null, page.limit, filter, now, retention);
  const links = pageLinks(req.pathname, req.query, slice, page, store.options.prevLinks);
  return rawJson(200, eventListBody(req.version, slice.items, links, store.options.previousAttributes));
}

function getEvent(store: SandboxStore, district: DistrictState, req: ApiRequest, id: string): Reply {
  const event = district.events.find(id);
  if (!event || event.atMs < store.now() - store.retentionMs) return notFound();
  return json(200, { data: eventObject(event, req.version, store.options.previousAttributes) });
}

// -------------------------------------------------------------------- SSO tokens

/** SSO tokens see only the user themself, their district, and /me; never lists. */
function handleSsoScope(store: SandboxStore, district: DistrictState, req: ApiRequest): Reply {
  if (req.token.kind !== 'sso') throw new Error('not an SSO token');
  const { userId } = req.token;
  const [collection, id, ...rest] = req.segments;
  if (collection === 'me' && req.segments.length === 1) {
    return json(200, {
      type: 'user',
      data: { id: userId, district: district.id, type: 'user', authorized_by: 'district' },
      links: [
        { rel: 'self', uri: '/me' },
        { rel: 'canonical', uri: `/${req.version}/users/${userId}` },
        { rel: 'district', uri: `/${req.version}/districts/${district.id}` },
      ],
    });
  }
  if (rest.length === 0 && collection === 'users' && id === userId) return getItem(district, req.version, 'users', id);
  if (rest.length === 0 && collection === 'districts' && id === district.id) return getItem(district, req.version, 'districts', id);
  const answer = store.options.ssoForbidden;
  if (answer === 'html') return htmlPage(401, 'Unauthorized', '<p>This token type cannot be used for this resource.</p>');
  return cleverError(answer, 'Resource not in token\u2019s scopes');
}
