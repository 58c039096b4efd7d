// Roster admin UI: session, navigation and the hash router. Each screen lives in views/<name>.js and
// exports render(ctx) (optionally returning a cleanup function). URLs carry ids only, never names.

import { api, onUnauthorized } from './api.js';
import { h, replace, announce } from './dom.js';
import { displayName, roleLabel, ROLE_ORDER, errorMessage, codeMessage } from './format.js';
import * as loginView from './views/login.js';
import * as syncView from './views/sync.js';
import * as studentsView from './views/students.js';
import * as classesView from './views/classes.js';
import * as classView from './views/class.js';
import * as placementsView from './views/placements.js';
import * as activityView from './views/activity.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const accountBox = document.getElementById('account');

/** Session state shared by the views. */
const state = {
  me: null,
  schools: [],
  courses: [],
  schoolId: null,
};

// ---------------------------------------------------------------------------------------------------
// Roles and scope (the server enforces them; the UI only hides what would be refused)

const hasRole = (role) => Boolean(state.me && Array.isArray(state.me.roles) && state.me.roles.includes(role));
const scope = () => (state.me && state.me.scope) || null;
const isDistrictAdmin = () => (scope() ? scope().districtAdmin === true : hasRole('district_admin'));
const isStaff = () => (scope() && typeof scope().adminApi === 'boolean' ? scope().adminApi : ['district_admin', 'school_admin', 'teacher'].some(hasRole));
const isAdmin = () => {
  if (isDistrictAdmin()) return true;
  const s = scope();
  return s && Array.isArray(s.adminSchools) ? s.adminSchools.length > 0 : hasRole('school_admin');
};

function isAdminOf(schoolId) {
  if (isDistrictAdmin()) return true;
  const s = scope();
  if (s && s.adminSchools) return s.adminSchools === 'all' || s.adminSchools.includes(schoolId);
  const membership = (state.me.schools || []).find((m) => m.schoolId === schoolId);
  return Boolean(membership && (membership.roles || []).includes('school_admin'));
}

/** `GET /me` answers the account's fields with `district` and `scope`; an `{account, scope}` wrapper is accepted too. */
function normalizeMe(raw) {
  if (raw && raw.account && typeof raw.account === 'object') return { ...raw.account, district: raw.district ?? null, scope: raw.scope ?? null };
  return raw;
}

function schoolById(id) {
  return state.schools.find((s) => s.id === id) || null;
}

function courseById(id) {
  return state.courses.find((c) => c.id === id) || null;
}

function courseName(id) {
  if (!id) return 'No course';
  const course = courseById(id);
  return course ? course.name : 'Unknown course';
}

/** The school the school-scoped screens show: from the URL, else the last one used, else the primary. */
function resolveSchool(requested) {
  const ids = new Set(state.schools.map((s) => s.id));
  const remembered = sessionStorage.getItem('roster.schoolId');
  const primary = (state.me.schools || []).find((s) => s.primary && ids.has(s.schoolId));
  const choice = [requested, state.schoolId, remembered, primary && primary.schoolId, state.schools[0] && state.schools[0].id].find(
    (id) => id && ids.has(id),
  );
  state.schoolId = choice || null;
  if (state.schoolId) sessionStorage.setItem('roster.schoolId', state.schoolId);
  return state.schoolId;
}

// ---------------------------------------------------------------------------------------------------
// Routing

const ROUTES = [
  { path: /^\/sync$/, view: syncView, nav: 'sync', allowed: isDistrictAdmin },
  { path: /^\/students$/, view: studentsView, nav: 'students', allowed: isStaff },
  { path: /^\/classes$/, view: classesView, nav: 'classes', allowed: isStaff },
  { path: /^\/classes\/([^/]+)$/, view: classView, nav: 'classes', allowed: isStaff, param: 'classId' },
  { path: /^\/placements$/, view: placementsView, nav: 'placements', allowed: isStaff },
  { path: /^\/activity$/, view: activityView, nav: 'activity', allowed: isAdmin },
];

const NAV_ITEMS = [
  { key: 'sync', href: '#/sync', label: 'District sync', allowed: isDistrictAdmin },
  { key: 'students', href: '#/students', label: 'Available students', allowed: isStaff },
  { key: 'classes', href: '#/classes', label: 'Classes', allowed: isStaff },
  { key: 'placements', href: '#/placements', label: 'Placements', allowed: isStaff },
  { key: 'activity', href: '#/activity', label: 'Activity', allowed: isAdmin },
];

function parseHash() {
  const raw = window.location.hash.replace(/^#/, '');
  const [path, search = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) };
}

/** Changes the route (ids only in the query). */
function navigate(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const search = params.toString();
  const target = `#${path}${search ? `?${search}` : ''}`;
  if (window.location.hash === target) route();
  else window.location.hash = target;
}

/** Updates the query of the current route without re-rendering (e.g. the chosen filters). */
function replaceQuery(query) {
  const { path } = parseHash();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const search = params.toString();
  history.replaceState(null, '', `#${path}${search ? `?${search}` : ''}`);
}

function defaultPath() {
  return isDistrictAdmin() ? '/sync' : '/students';
}

let cleanup = null;
let firstRender = true;
let routeToken = 0;

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const token = ++routeToken;

  if (!state.me) return;
  const { path, query } = parseHash();
  const match = ROUTES.map((r) => ({ r, m: r.path.exec(path) })).find((x) => x.m);
  if (!match || !match.r.allowed()) {
    if (path === defaultPath()) return;
    history.replaceState(null, '', `#${defaultPath()}`);
    return route();
  }
  const { r, m } = match;
  renderNav(r.nav);
  const params = r.param ? { [r.param]: decodeURIComponent(m[1]) } : {};
  const container = h('div', { class: 'view' });
  replace(main, container);
  const ctx = {
    container,
    state,
    params,
    query,
    api,
    navigate,
    replaceQuery,
    isDistrictAdmin,
    isAdmin,
    isAdminOf,
    schoolById,
    courseById,
    courseName,
    resolveSchool,
    /** True while this render is still the current one (async loads check it before touching the DOM). */
    isCurrent: () => token === routeToken,
    setTitle(title) {
      document.title = `${title} · Roster`;
    },
  };
  try {
    const done = await r.view.render(ctx);
    // a view left before it finished rendering cleans up at once; it must not replace the newer view's cleanup
    if (ctx.isCurrent()) cleanup = done;
    else if (typeof done === 'function') done();
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(container, h('h1', { tabindex: '-1' }, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, errorMessage(error)));
  }
  if (!ctx.isCurrent()) return;
  // Move focus to the new screen's heading so keyboard and screen-reader users start at the top of it.
  if (!firstRender) {
    const heading = container.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
  firstRender = false;
}

function renderNav(active) {
  const items = NAV_ITEMS.filter((i) => i.allowed());
  replace(
    nav,
    h(
      'ul',
      null,
      items.map((i) => h('li', null, h('a', { href: i.href, 'aria-current': i.key === active ? 'page' : null }, i.label))),
    ),
  );
  nav.hidden = false;
}

function renderAccount() {
  if (!state.me) {
    replace(accountBox);
    return;
  }
  const roles = ROLE_ORDER.filter((r) => (state.me.roles || []).includes(r)).map(roleLabel).join(', ');
  const district = state.me.district && state.me.district.name;
  const signOut = h('button', { type: 'button', class: 'link-button', onClick: signOutClicked }, 'Sign out');
  replace(
    accountBox,
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'who-name' }, displayName(state.me.name, state.me.preferredName)),
      h('span', { class: 'who-meta' }, [roles, district].filter(Boolean).join(' · ')),
    ),
    signOut,
  );
}

async function signOutClicked() {
  try {
    await api.logout();
  } catch {
    // the session may already be gone; sign-in is shown either way
  }
  sessionStorage.removeItem('roster.schoolId');
  // the next person to sign in starts on their own default screen
  history.replaceState(null, '', window.location.pathname);
  showSignIn('You are signed out.');
}

// ---------------------------------------------------------------------------------------------------
// Session

function showSignIn(message, errorCode) {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  routeToken += 1;
  state.me = null;
  state.schools = [];
  state.courses = [];
  state.schoolId = null;
  nav.hidden = true;
  replace(nav);
  renderAccount();
  document.title = 'Sign in · Roster';
  const container = h('div', { class: 'view' });
  replace(main, container);
  const error = errorCode ? `Sign-in with Clever did not work: ${codeMessage(errorCode, 'please try again.')}` : null;
  loginView.render({ container, api, message, error, onSignedIn: () => start({ afterSignIn: true }) });
}

function showNoAccess() {
  nav.hidden = true;
  renderAccount();
  document.title = 'No access · Roster';
  replace(
    main,
    h(
      'div',
      { class: 'view narrow' },
      h('h1', { tabindex: '-1' }, 'No access to the admin pages'),
      h('p', null, 'This account is a student account. Only district admins, school admins and teachers can use these pages.'),
      h('button', { type: 'button', class: 'primary', onClick: signOutClicked }, 'Sign out'),
    ),
  );
  main.querySelector('h1').focus();
}

/** A failed "Log in with Clever" comes back as `/?signInError=CODE`: shown once, then removed from the URL. */
function takeSignInError() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('signInError');
  if (!code) return null;
  params.delete('signInError');
  const search = params.toString();
  history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
  return /^[A-Z_]{1,64}$/.test(code) ? code : 'SIGN_IN_FAILED';
}

async function start({ afterSignIn = false } = {}) {
  const signInError = takeSignInError();
  let me;
  try {
    me = await api.me();
  } catch (error) {
    if (error.status === 401) return showSignIn(null, signInError);
    replace(
      main,
      h('div', { class: 'view narrow' }, h('h1', null, 'Roster is not available'), h('p', { class: 'error', role: 'alert' }, errorMessage(error)), h('button', { type: 'button', class: 'primary', onClick: () => start() }, 'Try again')),
    );
    return;
  }
  state.me = normalizeMe(me);
  renderAccount();
  if (!isStaff()) return showNoAccess();
  try {
    const [schools, courses] = await Promise.all([api.schools(), api.courses()]);
    state.schools = schools.filter((s) => s.status !== 'removed').sort((a, b) => String(a.name).localeCompare(String(b.name)));
    state.courses = courses.slice().sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  } catch (error) {
    replace(main, h('div', { class: 'view narrow' }, h('h1', null, 'Could not load your schools'), h('p', { class: 'error', role: 'alert' }, errorMessage(error))));
    return;
  }
  if (afterSignIn) {
    announce(`Signed in as ${roleLabelsOf(state.me)}.`);
    firstRender = false;
    // a link opened before signing in (e.g. to a class) is kept; route() falls back to the default screen
    if (!window.location.hash.startsWith('#/')) history.replaceState(null, '', `#${defaultPath()}`);
  }
  await route();
}

function roleLabelsOf(me) {
  return ROLE_ORDER.filter((r) => (me.roles || []).includes(r)).map(roleLabel).join(', ') || 'a user';
}

// Only the first refused request of a session shows the sign-in screen (several may be in flight).
onUnauthorized(() => {
  if (state.me) showSignIn('Your session ended. Please sign in again.');
});
window.addEventListener('hashchange', () => {
  // "#main" (the skip link) is not a route
  if (window.location.hash.startsWith('#/') || window.location.hash === '') route();
});
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

start();
