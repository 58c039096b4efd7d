// Pieces shared by several screens.

import { h, replace, field, select } from '../dom.js';
import { errorMessage } from '../format.js';

/** @typedef {import('../types.js').ViewContext} ViewContext */
/** @typedef {import('../types.js').Child} Child */

/**
 * The school chooser of the school-scoped screens. With one school it is plain text. `onChange(id)` runs
 * when the user picks another school.
 * @param {ViewContext} ctx
 * @param {(schoolId: string) => void} onChange
 */
export function schoolPicker(ctx, onChange) {
  const schools = ctx.state.schools;
  if (schools.length <= 1) {
    const only = schools[0];
    return h('p', { class: 'school-line' }, h('span', { class: 'muted' }, 'School: '), only ? only.name : 'No school');
  }
  const control = select(
    schools.map((s) => ({ value: s.id, label: s.name })),
    ctx.state.schoolId,
    { name: 'school' },
  );
  control.addEventListener('change', () => {
    ctx.state.schoolId = control.value;
    sessionStorage.setItem('roster.schoolId', control.value);
    onChange(control.value);
  });
  return h('div', { class: 'school-picker' }, field('School', control).wrapper);
}

/** An error area (role=alert) with show/clear: `show(error)` takes a message or an error (see errorMessage). */
export function errorArea() {
  const el = h('div', { class: 'error-area', role: 'alert' });
  return {
    el,
    /** @param {unknown} error */
    show(error) {
      replace(el, h('p', { class: 'error' }, typeof error === 'string' ? error : errorMessage(error)));
    },
    clear() {
      replace(el);
    },
  };
}

/** A polite status area for results of actions. */
export function statusArea() {
  const el = h('div', { class: 'status-area', role: 'status' });
  return {
    el,
    /** @param {...Child} content */
    show(...content) {
      replace(el, h('p', { class: 'success' }, ...content));
    },
    clear() {
      replace(el);
    },
  };
}

/**
 * A page heading row: h1 plus optional actions.
 * @param {string} title
 * @param {...Child} actions
 */
export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title), actions.length ? h('div', { class: 'page-actions' }, ...actions) : null);
}

/** @param {string} [text] */
export function loading(text = 'Loading…') {
  return h('p', { class: 'loading' }, text);
}

/**
 * "No school" guard for school-scoped screens.
 * @param {HTMLElement} container
 */
export function noSchools(container) {
  replace(
    container,
    pageHeader('No schools'),
    h('p', null, 'Your account is not linked to any school yet. Once your district shares your school through Clever, it appears here.'),
  );
}
