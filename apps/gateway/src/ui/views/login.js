// Sign in: "Log in with Clever", or (dev mode only: GET /auth/dev-users answers) a list of demo users
// grouped by role.

import { h, replace, busy } from '../dom.js';
import { ApiError, listOf } from '../api.js';
import { displayName, roleLabel, ROLE_ORDER, errorMessage } from '../format.js';

/** @typedef {import('../types.js').Api} Api */
/** @typedef {import('../types.js').DevUser} DevUser */

/** @type {Readonly<Record<string, string>>} */
const GROUP_TITLES = {
  district_admin: 'District admins',
  school_admin: 'School admins',
  teacher: 'Teachers',
  student: 'Students',
};

/**
 * @param {{ container: HTMLElement, api: Api, message: string | null, error?: string | null, onSignedIn: () => void }} options
 *   `message`: a notice (e.g. "You are signed out."); `error`: why the last sign-in failed
 */
export async function render({ container, api, message, error: initialError, onSignedIn }) {
  const status = h('div', { class: 'status-area', role: 'status' }, message ? h('p', { class: 'notice' }, message) : null);
  const error = h('div', { role: 'alert' }, initialError ? h('p', { class: 'error' }, initialError) : null);
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading sign-in options…'));
  const heading = h('h1', { tabindex: '-1' }, 'Sign in to Roster');
  replace(container, h('div', { class: 'narrow' }, heading, status, error, body));
  heading.focus();

  /** @type {DevUser[] | null} */
  let users = null;
  /** @type {unknown} */
  let devError = null;
  try {
    const page = await api.devUsers();
    users = listOf(page).filter(Boolean);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) devError = e;
  }
  body.removeAttribute('aria-busy');

  if (!users) {
    replace(
      body,
      h('p', null, 'Use your district’s Clever account.'),
      h('a', { class: 'button primary large', href: api.cleverLoginUrl }, 'Log in with Clever'),
      devError ? h('p', { class: 'error' }, `Demo sign-in could not be loaded: ${errorMessage(devError)}`) : null,
    );
    return;
  }

  /**
   * @param {HTMLButtonElement} button
   * @param {DevUser} user
   */
  const signIn = async (button, user) => {
    replace(error);
    try {
      await busy(button, () => api.devLogin(user.accountId));
    } catch (e) {
      replace(error, h('p', { class: 'error' }, errorMessage(e)));
      return;
    }
    onSignedIn();
  };

  /** @type {Map<string, DevUser[]>} */
  const groups = new Map(ROLE_ORDER.map((r) => [r, []]));
  for (const user of users) {
    const roles = user.roles || [];
    const top = ROLE_ORDER.find((r) => roles.includes(r));
    if (top) groups.get(top)?.push(user);
  }

  const sections = [];
  for (const [role, members] of groups) {
    if (!members.length) continue;
    const headingId = `signin-${role}`;
    sections.push(
      h(
        'section',
        { class: 'user-group', 'aria-labelledby': headingId },
        h('h2', { id: headingId }, GROUP_TITLES[role]),
        role === 'student' ? h('p', { class: 'hint' }, 'Students have no access to the admin pages.') : null,
        h(
          'ul',
          { class: 'user-list' },
          members.map((user) => {
            const schools = (user.schools || []).map((s) => s.name).filter(Boolean).join(', ');
            const meta = [(user.roles || []).filter((r) => ROLE_ORDER.includes(r)).map(roleLabel).join(', '), schools].filter(Boolean).join(' · ');
            const button = h(
              'button',
              { type: 'button', class: 'user-button' },
              h('span', { class: 'user-name' }, displayName(user.name, user.preferredName)),
              h('span', { class: 'user-meta' }, meta),
            );
            button.addEventListener('click', () => signIn(button, user));
            return h('li', null, button);
          }),
        ),
      ),
    );
  }

  replace(
    body,
    h('p', null, 'Demo mode: choose a user to sign in as. (On a real district, people sign in with Clever.)'),
    sections.length
      ? sections
      : [
          h('p', { class: 'notice' }, 'No demo users yet: the first sync from Clever may still be running.'),
          h('button', { type: 'button', class: 'primary', onClick: () => render({ container, api, message, onSignedIn }) }, 'Check again'),
        ],
  );
}
