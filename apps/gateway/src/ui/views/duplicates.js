// Possible duplicates (district admins, issue 16): an archived and an active account of the district that
// share a strong identifier — usually one person whose Clever id changed. Each pair shows the identifiers
// they share; "Merge…" asks for confirmation, then the archived account's placements and class history move
// to the active one and its old Clever id resolves to it.

import { h, replace, busy, table, confirmDialog } from '../dom.js';
import { listOf } from '../api.js';
import { listName, formatDate } from '../format.js';
import { errorArea, statusArea, pageHeader, loading } from './common.js';

/** @typedef {import('../types.js').DuplicatePair} DuplicatePair */

/** How each strong identifier reads on screen. */
const FIELD_LABELS = /** @type {Record<string, string>} */ ({
  sis_id: 'SIS id',
  student_number: 'Student number',
  state_id: 'State id',
  email: 'Email',
  teacher_number: 'Teacher number',
  staff_id: 'Staff id',
});

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api } = ctx;
  ctx.setTitle('Possible duplicates');
  const districtId = /** @type {string} */ ((state.me.district && state.me.district.id) || state.me.districtId);

  const errors = errorArea();
  const status = statusArea();
  const listArea = h('div', { class: 'list-area' }, loading('Looking for possible duplicates…'));
  const moreButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more pairs');
  /** @type {string | null} */
  let cursor = null;
  /** @type {HTMLTableSectionElement | null} */
  let tbody = null;

  replace(
    container,
    pageHeader('Possible duplicates'),
    h(
      'p',
      { class: 'hint' },
      'When Clever gives a person a new id, Roster archives the old account and creates a new one. These archived and active accounts share an identifier; merging moves the archived account\'s placements and class history to the active one.',
    ),
    errors.el,
    status.el,
    listArea,
    h('div', { class: 'list-more' }, moreButton),
  );

  /** @param {DuplicatePair} pair */
  const pairRow = (pair) => {
    const archivedName = listName(pair.archived.name);
    const activeName = listName(pair.active.name);
    const mergeButton = h('button', { type: 'button', class: 'secondary' }, 'Merge…');
    mergeButton.setAttribute('aria-label', `Merge ${archivedName} (archived) into ${activeName}`);
    const row = h(
      'tr',
      { dataset: { archivedId: pair.archived.id, activeId: pair.active.id } },
      h('th', { scope: 'row' }, archivedName, h('span', { class: 'muted' }, ` · archived ${pair.archived.archivedAt ? formatDate(pair.archived.archivedAt) : ''}`.trimEnd())),
      h('td', null, activeName),
      h('td', null, pair.roleGroup === 'student' ? 'Student' : 'Staff'),
      h(
        'td',
        null,
        h(
          'ul',
          { class: 'plain' },
          pair.evidence.map((e) => h('li', null, `${FIELD_LABELS[e.field] || e.field}: ${e.value}`)),
        ),
      ),
      h('td', null, mergeButton),
    );
    mergeButton.addEventListener('click', async () => {
      errors.clear();
      status.clear();
      const confirmed = await confirmDialog({
        title: 'Merge these accounts?',
        message: `${archivedName} (archived) will be merged into ${activeName}. Placements and class history move to ${activeName}, classes left only because the account was archived are joined again, and the old Clever id will sign in as ${activeName}. This cannot be undone.`,
        confirmLabel: 'Merge accounts',
        danger: true,
      });
      if (!confirmed || !ctx.isCurrent()) return;
      try {
        await busy(mergeButton, () => api.mergeAccount(pair.archived.id, pair.active.id));
        if (!ctx.isCurrent()) return;
        row.remove();
        status.show(`${archivedName} was merged into ${activeName}.`);
        if (tbody && tbody.childElementCount === 0 && !cursor) showEmpty();
      } catch (error) {
        if (ctx.isCurrent()) errors.show(error);
      }
    });
    return row;
  };

  const showEmpty = () => replace(listArea, h('p', { class: 'empty' }, 'No possible duplicates.'));

  async function load() {
    listArea.setAttribute('aria-busy', 'true');
    try {
      const page = await api.duplicateAccounts(districtId, cursor);
      if (!ctx.isCurrent()) return;
      const pairs = listOf(page);
      if (!tbody) {
        if (pairs.length === 0) {
          showEmpty();
        } else {
          const wrap = table({
            caption: 'Possible duplicate accounts',
            className: 'data',
            columns: [{ label: 'Archived account' }, { label: 'Active account' }, { label: 'Role' }, { label: 'Shared identifiers' }, { label: 'Action' }],
            rows: pairs.map(pairRow),
          });
          tbody = wrap.querySelector('tbody');
          replace(listArea, wrap);
        }
      } else {
        tbody.append(...pairs.map(pairRow));
      }
      cursor = (page && page.nextCursor) || null;
      moreButton.hidden = !cursor;
    } catch (error) {
      if (ctx.isCurrent()) {
        if (!tbody) replace(listArea);
        errors.show(error);
      }
    } finally {
      listArea.removeAttribute('aria-busy');
    }
  }

  moreButton.addEventListener('click', () => void busy(moreButton, load));
  await load();
}
