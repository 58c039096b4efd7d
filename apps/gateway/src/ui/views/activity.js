// Activity (audit log, newest first): who did what and when. Actors and targets are shown by id.

import { h, replace, busy, table } from '../dom.js';
import { listOf } from '../api.js';
import { formatDateTime } from '../format.js';
import { errorArea, pageHeader, loading } from './common.js';

/** @typedef {import('../types.js').AuditEntry} AuditEntry */

/** @type {Readonly<Record<string, string>>} */
const ACTION_LABELS = {
  'class.created': 'Created a class',
  'class.updated': 'Changed a class',
  'class.archived': 'Archived a class',
  'class.teacher_removed': 'Teacher left a class',
  'class.needs_teacher': 'Class needs a teacher',
  'enrollment.started': 'Enrolled a student',
  'enrollment.ended': 'Ended an enrollment',
  'placement.recorded': 'Recorded a placement',
  'district.settings.updated': 'Changed district settings',
};

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, api } = ctx;
  ctx.setTitle('Activity');
  const errors = errorArea();
  const listArea = h('div', { class: 'list-area' }, loading('Loading activity…'));
  const moreButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older activity');
  /** @type {string | null} */
  let cursor = null;
  /** @type {HTMLTableSectionElement | null} */
  let tbody = null;

  /** @param {boolean} append true: the next page, after the rows shown */
  async function load(append) {
    errors.clear();
    let page;
    try {
      page = await api.audit(append ? cursor : undefined);
    } catch (error) {
      if (ctx.isCurrent()) {
        if (!append) replace(listArea);
        errors.show(error);
      }
      return;
    }
    if (!ctx.isCurrent()) return;
    const entries = listOf(page);
    cursor = (page && page.nextCursor) || null;
    moreButton.hidden = !cursor;
    const rows = entries.map(row);
    if (append && tbody) {
      tbody.append(...rows);
      const first = rows[0] && rows[0].firstElementChild;
      if (first instanceof HTMLElement) {
        first.setAttribute('tabindex', '-1');
        first.focus();
      }
      return;
    }
    if (!entries.length) {
      replace(listArea, h('p', { class: 'empty' }, 'No activity yet.'));
      return;
    }
    const wrap = table({
      caption: 'Activity, newest first',
      captionHidden: true,
      className: 'data compact',
      columns: [{ label: 'When' }, { label: 'What' }, { label: 'By' }, { label: 'Item' }],
      rows,
    });
    tbody = wrap.querySelector('tbody');
    replace(listArea, wrap);
  }

  /** @param {AuditEntry} entry */
  function row(entry) {
    const actor = entry.actor || {};
    return h(
      'tr',
      null,
      h('th', { scope: 'row' }, formatDateTime(entry.at)),
      h('td', null, (Object.hasOwn(ACTION_LABELS, entry.action) && ACTION_LABELS[entry.action]) || entry.action),
      h('td', null, actor.type === 'system' ? `Roster (automatic${actor.id ? `: ${actor.id}` : ''})` : actor.id === ctx.state.me.id ? 'You' : h('code', { title: actor.id }, shortId(actor.id))),
      h('td', null, entry.targetType ? `${entry.targetType} ` : '', entry.targetId ? h('code', { title: entry.targetId }, shortId(entry.targetId)) : null),
    );
  }

  moreButton.addEventListener('click', () => busy(moreButton, () => load(true)));
  replace(
    container,
    pageHeader('Activity'),
    h('p', { class: 'intro' }, 'Every change made in Roster, newest first. People and items are shown by id.'),
    errors.el,
    listArea,
    h('div', { class: 'more' }, moreButton),
  );
  await load(false);
}

/** @param {string | undefined} id */
function shortId(id) {
  const s = String(id || '');
  return s.length > 13 ? `${s.slice(0, 8)}…` : s || '—';
}
