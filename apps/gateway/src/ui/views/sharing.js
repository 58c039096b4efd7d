// Sharing health (district admins): how many of the students and teachers the district shares through
// Clever the program actually uses, per school and for the district — counts only — with how to narrow
// sharing in Clever, and a paged drill-down of the students shared long ago and never enrolled.

import { h, replace, busy, field, table } from '../dom.js';
import { listOf } from '../api.js';
import { formatDate, listName, gradeLabel, plural } from '../format.js';
import { errorArea, pageHeader, loading } from './common.js';

/** @typedef {import('../types.js').SharingCounts} SharingCounts */
/** @typedef {import('../types.js').NeverEnrolledStudent} NeverEnrolledStudent */

const DEFAULT_DAYS = 30;

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api, query } = ctx;
  ctx.setTitle('Sharing health');
  const district = state.me.district || {};
  const districtId = /** @type {string} */ (district.id || state.me.districtId);
  const requested = Number.parseInt(query.afterDays || '', 10);
  let afterDays = Number.isInteger(requested) && requested >= 1 && requested <= 365 ? requested : DEFAULT_DAYS;

  const errors = errorArea();
  const daysInput = h('input', { type: 'number', name: 'afterDays', min: '1', max: '365', step: '1', value: String(afterDays), inputmode: 'numeric' });
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Sharing health period' },
    field('Never enrolled after (days)', daysInput, 'Students shared at least this long (1 to 365 days) and never in a class.').wrapper,
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Update')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const days = Number(daysInput.value);
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      daysInput.setAttribute('aria-invalid', 'true');
      errors.show('Enter a whole number of days from 1 to 365.');
      daysInput.focus();
      return;
    }
    daysInput.removeAttribute('aria-invalid');
    afterDays = days;
    ctx.replaceQuery({ afterDays });
    void loadSummary();
    replace(drillArea);
    drillButton.hidden = false;
  });

  const summaryArea = h('div', { class: 'list-area' }, loading('Loading sharing health…'));
  const contactsLine = h('p', { class: 'hint' });

  /**
   * @param {string} label
   * @param {SharingCounts} c
   * @param {boolean} total
   */
  const countsRow = (label, c, total) =>
    h(
      'tr',
      { class: total ? 'total' : null },
      h('th', { scope: 'row' }, label),
      h('td', null, String(c.studentsShared)),
      h('td', null, String(c.studentsEverEnrolled)),
      h('td', null, String(c.studentsNeverEnrolledAfterDays)),
      h('td', null, String(c.teachersShared)),
      h('td', null, String(c.teachersWithoutClass)),
    );

  async function loadSummary() {
    errors.clear();
    summaryArea.setAttribute('aria-busy', 'true');
    try {
      const health = await api.sharingHealth(districtId, afterDays);
      if (!ctx.isCurrent()) return;
      const wrap = table({
        caption: 'Sharing health per school',
        className: 'data compact',
        columns: [
          { label: 'School' },
          { label: 'Students shared' },
          { label: 'Enrolled at any time' },
          { label: `Never enrolled, shared over ${plural(afterDays, 'day')}` },
          { label: 'Teachers shared' },
          { label: 'Teachers without a class' },
        ],
        rows: [...health.schools.map((s) => countsRow(s.name, s, false)), countsRow('District total', health.district, true)],
      });
      replace(summaryArea, wrap);
      contactsLine.textContent =
        health.contactsIgnored === null
          ? ''
          : `Clever also shares ${plural(health.contactsIgnored, 'guardian or contact', 'guardians or contacts')}; Roster ignores them (the program does not need them).`;
    } catch (error) {
      if (ctx.isCurrent()) {
        replace(summaryArea);
        errors.show(error);
      }
    } finally {
      summaryArea.removeAttribute('aria-busy');
    }
  }

  // ---- drill-down: the never-enrolled students, page by page ---------------------------------------
  const drillArea = h('div', { class: 'list-area' });
  const drillButton = h('button', { type: 'button', class: 'secondary' }, 'List the never-enrolled students');
  const moreButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more students');
  /** @type {string | null} */
  let cursor = null;
  /** @type {HTMLTableSectionElement | null} */
  let tbody = null;

  /** @param {NeverEnrolledStudent} s */
  const studentRow = (s) =>
    h(
      'tr',
      { dataset: { studentId: s.id } },
      h('th', { scope: 'row' }, listName(s.name)),
      h('td', null, gradeLabel(s.grade)),
      h('td', null, s.schoolIds.map((id) => (ctx.schoolById(id) || { name: id }).name).join(', ')),
      h('td', null, formatDate(s.firstSharedAt)),
    );

  /** @param {boolean} append */
  async function loadDrill(append) {
    errors.clear();
    const page = await api.neverEnrolled(districtId, { afterDays, cursor: append ? cursor : undefined, limit: 100 });
    if (!ctx.isCurrent()) return;
    const items = listOf(page);
    cursor = (page && page.nextCursor) || null;
    moreButton.hidden = !cursor;
    if (append && tbody) {
      tbody.append(...items.map(studentRow));
      return;
    }
    if (!items.length) {
      replace(drillArea, h('p', { class: 'empty' }, `No student has been shared over ${plural(afterDays, 'day')} without being enrolled.`));
      return;
    }
    const wrap = table({
      caption: 'Students shared and never enrolled',
      className: 'data compact',
      columns: [{ label: 'Name' }, { label: 'Grade' }, { label: 'Schools' }, { label: 'Shared since' }],
      rows: items.map(studentRow),
    });
    tbody = wrap.querySelector('tbody');
    replace(drillArea, wrap);
  }
  drillButton.addEventListener('click', () =>
    busy(drillButton, async () => {
      try {
        await loadDrill(false);
        drillButton.hidden = true;
      } catch (error) {
        errors.show(error);
      }
    }),
  );
  moreButton.addEventListener('click', () => busy(moreButton, () => loadDrill(true).catch((error) => errors.show(error))));

  replace(
    container,
    pageHeader('Sharing health'),
    h(
      'p',
      { class: 'intro' },
      'How many of the people your district shares with Roster through Clever the program uses. ',
      'Counts only: a student counts as enrolled once they were in any class, even if they left it.',
    ),
    form,
    errors.el,
    summaryArea,
    contactsLine,
    h(
      'section',
      { 'aria-labelledby': 'narrow-heading', class: 'explain' },
      h('h2', { id: 'narrow-heading' }, 'Sharing less'),
      h(
        'p',
        null,
        'Share only the students who use the program: in the Clever dashboard, open Applications, choose this application, then ',
        'edit its sharing rules — share by section (the program’s intervention sections), or limit the rules to the schools and grades ',
        'that use it, instead of “all students”. Unshared students are archived in Roster, never deleted, and come back if shared again.',
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'drill-heading' },
      h('h2', { id: 'drill-heading' }, 'Never-enrolled students'),
      h('p', { class: 'hint' }, 'Names are listed only here, on request, for district admins.'),
      drillButton,
      drillArea,
      h('div', { class: 'more' }, moreButton),
    ),
  );
  await loadSummary();
}
