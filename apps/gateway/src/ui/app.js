// Roster admin UI: session, navigation and the hash router. Each screen lives in views/<name>.js and
// exports render(ctx) (optionally returning a cleanup function). URLs carry ids only, never names.

import { api, onUnauthorized, ApiError } from './api.js';
import { h, replace, announce } from './dom.js';
import { displayName, roleLabel, ROLE_ORDER, errorMessage, codeMessage } from './format.js';
import * as session from './session.js';
import * as loginView from './views/login.js';
import * as syncView from './views/sync.js';
import * as studentsView from './views/students.js';
import * as classesView from './views/classes.js';
import * as classView from './views/class.js';
import * as placementsView from './views/placements.js';
import * as activityView from './views/activity.js';
import * as sharingView from './views/sharing.js';
import * as schoolYearView from './views/school-year.js';
import * as duplicatesView from './views/duplicates.js';

/** @typedef {import('./types.js').Me} Me */
/** @typedef {import('./types.js').Query} Query */
/** @typedef {import('./types.js').ViewContext} ViewContext */
/** @typedef {import('./types.js').ViewRender} ViewRender */

/**
 * An element of index.html.
 * @param {string} id
 */
function pageElement(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el;
}

const main = pageElement('main');
const nav = pageElement('nav');
const accountBox = pageElement('account');

/**
 * Session state shared by the views.
 * @type {import('./types.js').SessionState}
 */
const state = {
  me: null,
  schools: [],
  courses: [],
  schoolId: null,
};

// ---------------------------------------------------------------------------------------------------
// Roles and scope (the server enforces them; the UI only hides what would be refused)

const isDistrictAdmin = () => session.isDistrictAdmin(state.me);
const isStaff = () => session.isStaff(state.me);
const isAdmin = () => session.isAdmin(state.me);
/** @param {string} schoolId */
const isAdminOf = (schoolId) => session.isAdminOf(state.me, schoolId);
/** @param {string} id */
const schoolById = (id) => session.findById(state.schools, id);
/** @param {string} id */
const courseById = (id) => session.findById(state.courses, id);
/** @param {string | null | undefined} id */
const courseName = (id) => session.courseName(state.courses, id);

/**
 * The school the school-scoped screens show: from the URL, else the last one used, else the primary.
 * @param {string | undefined} requested
 */
function resolveSchool(requested) {
  if (!state.me) return null;
  state.schoolId = session.chooseSchool({
    requested,
    current: state.schoolId,
    remembered: sessionStorage.getItem('roster.schoolId'),
    me: state.me,
    schools: state.schools,
  });
  if (state.schoolId) sessionStorage.setItem('roster.schoolId', state.schoolId);
  return state.schoolId;
}

// ---------------------------------------------------------------------------------------------------
// Routing

/** @type {{ path: RegExp, view: { render: ViewRender }, nav: string, allowed: () => boolean, param?: string }[]} */
const ROUTES = [
  { path: /^\/sync$/, view: syncView, nav: 'sync', allowed: isDistrictAdmin },
  { path: /^\/sharing$/, view: sharingView, nav: 'sharing', allowed: isDistrictAdmin },
  { path: /^\/school-year$/, view: schoolYearView, nav: 'school-year', allowed: isDistrictAdmin },
  { path: /^\/duplicates$/, view: duplicatesView, nav: 'duplicates', allowed: isDistrictAdmin },
  { path: /^\/students$/, view: studentsView, nav: 'students', allowed: isStaff },
  { path: /^\/classes$/, view: classesView, nav: 'classes', allowed: isStaff },
  { path: /^\/classes\/([^/]+)$/, view: classView, nav: 'classes', allowed: isStaff, param: 'classId' },
  { path: /^\/placements$/, view: placementsView, nav: 'placements', allowed: isStaff },
  { path: /^\/activity$/, view: activityView, nav: 'activity', allowed: isAdmin },
];

const NAV_ITEMS = [
  { key: 'sync', href: '#/sync', label: 'District sync', allowed: isDistrictAdmin },
  { key: 'sharing', href: '#/sharing', label: 'Sharing health', allowed: isDistrictAdmin },
  { key: 'school-year', href: '#/school-year', label: 'School year', allowed: isDistrictAdmin },
  { key: 'duplicates', href: '#/duplicates', label: 'Possible duplicates', allowed: isDistrictAdmin },
  { key: 'students', href: '#/students', label: 'Available students', allowed: isStaff },
  { key: 'classes', href: '#/classes', label: 'Classes', allowed: isStaff },
  { key: 'placements', href: '#/placements', label: 'Placements', allowed: isStaff },
  { key: 'activity', href: '#/activity', label: 'Activity', allowed: isAdmin },
];

const parseHash = () => session.parseHash(window.location.hash);

/**
 * Changes the route (ids only in the query).
 * @param {string} path
 * @param {Query} [query]
 */
function navigate(path, query = {}) {
  const target = session.hashOf(path, query);
  if (window.location.hash === target) void route();
  else window.location.hash = target;
}

/**
 * Updates the query of the current route without re-rendering (e.g. the chosen filters).
 * @param {Query} query
 */
function replaceQuery(query) {
  const { path } = parseHash();
  history.replaceState(null, '', session.hashOf(path, query));
}

function defaultPath() {
  return isDistrictAdmin() ? '/sync' : '/students';
}

/** @type {void | null | (() => void)} */
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
  const params = r.param && m ? { [r.param]: decodeURIComponent(m[1]) } : {};
  const container = h('div', { class: 'view' });
  replace(main, container);
  /** @type {ViewContext} */
  const ctx = {
    container,
    // signed in: route() returned above without a session, and signing out makes this render stale (isCurrent)
    state: /** @type {import('./types.js').SignedInState} */ (state),
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

/** @param {string} active the key of the current screen's nav item */
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
  const me = state.me;
  if (!me) {
    replace(accountBox);
    return;
  }
  const roles = ROLE_ORDER.filter((r) => (me.roles || []).includes(r)).map(roleLabel).join(', ');
  const district = me.district && me.district.name;
  const signOut = h('button', { type: 'button', class: 'link-button', onClick: signOutClicked }, 'Sign out');
  replace(
    accountBox,
    h(
      'div',
      { class: 'who' },
      h('span', { class: 'who-name' }, displayName(me.name, me.preferredName)),
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

/**
 * @param {string | null} message a notice (e.g. "You are signed out.")
 * @param {string | null} [errorCode] why the last "Log in with Clever" failed
 */
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
  void loginView.render({ container, api, message, error, onSignedIn: () => void start({ afterSignIn: true }) });
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
  main.querySelector('h1')?.focus();
}

/** A failed "Log in with Clever" comes back as `/?signInError=CODE`: shown once, then removed from the URL. */
function takeSignInError() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('signInError');
  if (!code) return null;
  params.delete('signInError');
  const search = params.toString();
  history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
  return session.signInErrorCode(code);
}

/** @param {{ afterSignIn?: boolean }} [options] */
async function start({ afterSignIn = false } = {}) {
  const signInError = takeSignInError();
  let me;
  try {
    me = await api.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignIn(null, signInError);
    replace(
      main,
      h('div', { class: 'view narrow' }, h('h1', null, 'Roster is not available'), h('p', { class: 'error', role: 'alert' }, errorMessage(error)), h('button', { type: 'button', class: 'primary', onClick: () => start() }, 'Try again')),
    );
    return;
  }
  state.me = session.normalizeMe(me);
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

/** @param {Me | null} me */
function roleLabelsOf(me) {
  if (!me) return 'a user';
  return ROLE_ORDER.filter((r) => (me.roles || []).includes(r)).map(roleLabel).join(', ') || 'a user';
}

// Only the first refused request of a session shows the sign-in screen (several may be in flight).
onUnauthorized(() => {
  if (state.me) showSignIn('Your session ended. Please sign in again.');
});
window.addEventListener('hashchange', () => {
  // "#main" (the skip link) is not a route
  if (window.location.hash.startsWith('#/') || window.location.hash === '') void route();
});
pageElement('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

void start();
