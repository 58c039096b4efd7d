import { JsonObject, rolesOf, schoolsOf } from '../generator/records';
import { hash } from '../generator/random';
import { Reply, cleverError, escapeHtml, htmlPage, json, oauthError } from '../http/reply';
import { hex } from '../ids';
import { SandboxStore } from '../store/sandbox-store';

const SCOPES = [
  'read:district_admins', 'read:districts', 'read:resources', 'read:school_admins', 'read:schools',
  'read:sections', 'read:student_contacts', 'read:students', 'read:teachers', 'read:user_id',
];

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function clientOk(store: SandboxStore, authorization: string | undefined): boolean {
  const creds = basicCredentials(authorization);
  return !!creds && creds.id === store.options.clientId && creds.secret === store.options.clientSecret;
}

/** `GET /oauth/tokens?owner_type=district[&district=<id>]`: the app's district tokens. */
export function listDistrictTokens(store: SandboxStore, query: URLSearchParams, authorization: string | undefined): Reply {
  if (!clientOk(store, authorization)) return oauthError(401, 'invalid_client', 'Invalid client credentials');
  const ownerType = query.get('owner_type');
  if (ownerType !== null && ownerType !== 'district') {
    return oauthError(400, 'invalid_request', 'owner_type must be district');
  }
  const only = query.get('district');
  const data = store
    .listDistricts()
    .filter((d) => (!only || d.id === only) && d.tokens.length > 0)
    .flatMap((d) =>
      d.tokens.map((token) => ({
        id: hex(hash(store.seedNumber, d.ordinal, d.rotations, 99), 8) + d.id.slice(8),
        created: new Date(store.options.dataEpochMs).toISOString(),
        owner: { type: 'district', id: d.id },
        access_token: token,
        scopes: SCOPES,
      })),
    );
  const search = query.toString();
  return json(200, { data, links: [{ rel: 'self', uri: `/oauth/tokens${search ? `?${search}` : ''}` }] });
}

/** `POST /oauth/tokens` with grant_type=authorization_code: a single-use, 60-second code for an SSO token. */
export function exchangeCode(store: SandboxStore, body: Record<string, unknown>, authorization: string | undefined): Reply {
  if (!clientOk(store, authorization)) return oauthError(401, 'invalid_client', 'Invalid client credentials');
  if (body.grant_type !== 'authorization_code') {
    return oauthError(400, 'unsupported_grant_type', 'Only authorization_code is supported');
  }
  if (typeof body.code !== 'string' || !body.code) return oauthError(400, 'invalid_request', 'code is required');
  const redirectUri = typeof body.redirect_uri === 'string' ? body.redirect_uri : undefined;
  const redeemed = store.redeemCode(body.code, redirectUri);
  if (!redeemed) return oauthError(400, 'invalid_grant', 'Invalid grant: invalid code');
  return json(200, { access_token: redeemed.token, token_type: 'bearer' });
}

/**
 * `GET /oauth/authorize`: a real Clever shows a login page. Here `login_hint` or `user_id` names the
 * user and the answer is the redirect with `code` and `state`; without one, a page lists users to pick.
 */
export function authorize(store: SandboxStore, query: URLSearchParams): Reply {
  if (query.get('response_type') !== 'code') return oauthError(400, 'unsupported_response_type', 'response_type must be code');
  if (query.get('client_id') !== store.options.clientId) return oauthError(400, 'invalid_client', 'Unknown client_id');
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required');
  const allowed = store.options.redirectUris;
  if (allowed.length && !allowed.includes(redirectUri)) return oauthError(400, 'invalid_request', 'redirect_uri is not registered');
  const districtId = query.get('district_id') ?? undefined;
  const userId = query.get('user_id') ?? query.get('login_hint') ?? undefined;
  if (!userId) return chooser(store, query, districtId);
  let found;
  try {
    found = store.findUser(userId, districtId);
  } catch {
    found = undefined;
  }
  if (!found || rolesOf(found.user).every((r) => r === 'contact')) {
    return htmlPage(404, 'No such user', '<p>The user is not shared with this app or cannot log in.</p>');
  }
  const code = store.issueCode(userId, found.district.id, redirectUri);
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  const state = query.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, headers: { location: target.toString() } };
}

function chooser(store: SandboxStore, query: URLSearchParams, districtId: string | undefined): Reply {
  const districts = districtId ? store.listDistricts().filter((d) => d.id === districtId) : store.listDistricts();
  const rows: string[] = [];
  for (const district of districts.slice(0, 5)) {
    for (const role of ['district_admin', 'staff', 'teacher', 'student'] as const) {
      for (const item of district.collections.users.after(null, 5, { role }).items) {
        const record = district.collections.users.recordOf(item);
        const q = new URLSearchParams(query);
        q.set('login_hint', String(record.id));
        const name = record.name as JsonObject | undefined;
        const label = `${String(name?.first ?? '')} ${String(name?.last ?? '')}`.trim();
        rows.push(`<li><a href="/oauth/authorize?${escapeHtml(q.toString())}">${escapeHtml(label)}</a> (${role})</li>`);
      }
    }
  }
  return htmlPage(200, 'Clever sandbox: log in as', `<ul>${rows.join('')}</ul>`);
}

/** `GET /userinfo` (OIDC-style) for an SSO token. */
export function userinfo(store: SandboxStore, token: { districtId: string; userId: string }): Reply {
  const found = store.findUser(token.userId, token.districtId);
  if (!found) return cleverError(401, 'Invalid token');
  const { user } = found;
  const name = (user.name ?? {}) as JsonObject;
  const roles = rolesOf(user);
  const userType = roles.includes('district_admin') ? 'district admin' : (roles[0] ?? 'unknown');
  return json(200, {
    sub: user.id,
    user_id: user.id,
    multi_role_user_id: user.id,
    user_type: userType,
    district_id: token.districtId,
    district: token.districtId,
    email: user.email ?? null,
    email_verified: false,
    name,
    given_name: name.first ?? '',
    family_name: name.last ?? '',
    schools: schoolsOf('users', user),
    authorized_by: 'district',
  });
}
