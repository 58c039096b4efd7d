// School year (district admins, issue 15): the current year, and the rollover to the next one — a preview
// per school first (nothing changes), classes to carry forward picked from the active ones, then a confirmed
// rollover. The rollover is sent with one idempotency key per preview, so a retry after a lost answer
// returns the first result instead of failing with "the year exists". After it, each carried-forward class offers
// "Enroll last year's members": one click enrolls the students whose enrollment the rollover ended in the class it
// came from — an ordinary enroll, so the placement rule still decides for each student.

import { h, replace, busy, field, table, announce, confirmDialog } from '../dom.js';
import { formatDate, plural } from '../format.js';
import { errorArea, statusArea, pageHeader, loading } from './common.js';

/** @typedef {import('../types.js').SchoolYear} SchoolYear */
/** @typedef {import('../types.js').RolloverSchool} RolloverSchool */
/** @typedef {import('../types.js').RolloverPreview} RolloverPreview */
/** @typedef {import('../types.js').RosterClass} RosterClass */

/**
 * The year after `current`, as a suggestion: the same start date a year later.
 * @param {SchoolYear} current
 */
function nextYearOf(current) {
  const first = Number(current.name.slice(0, 4)) + 1;
  return { name: `${first}–${first + 1}`, startsOn: `${first}${current.startsOn.slice(4)}` };
}

/** @param {string} id */
function newKey(id) {
  const random = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  return `rollover-${id}-${random}`;
}

/** @param {import('../types.js').EnrollResult[]} results */
function enrollSummary(results) {
  const enrolled = results.filter((r) => r.outcome === 'enrolled').length;
  const needPlacement = results.filter((r) => r.code === 'CLASSES.PLACEMENT_REQUIRED').length;
  const other = results.length - enrolled - needPlacement;
  return [
    `${plural(enrolled, 'student')} enrolled`,
    needPlacement ? `${plural(needPlacement, 'student')} need a placement result first` : '',
    other ? `${plural(other, 'student')} could not be enrolled` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api } = ctx;
  ctx.setTitle('School year');
  const district = state.me.district || {};
  const districtId = /** @type {string} */ (district.id || state.me.districtId);
  const errors = errorArea();
  const status = statusArea();
  const yearArea = h('div', { class: 'list-area' }, loading('Loading school years…'));
  const previewArea = h('div', { class: 'list-area', 'aria-live': 'polite' });
  const pickerArea = h('div', { class: 'list-area' }, loading('Loading classes…'));

  replace(
    container,
    pageHeader('School year'),
    errors.el,
    status.el,
    h('section', { 'aria-labelledby': 'sy-current' }, h('h2', { id: 'sy-current' }, 'Current school year'), yearArea),
  );

  /** @type {SchoolYear[]} */
  let years;
  /** @type {RosterClass[]} */
  let classes;
  try {
    [years, classes] = await Promise.all([api.schoolYears(districtId), api.classes({ status: 'active' })]);
  } catch (error) {
    if (ctx.isCurrent()) {
      replace(yearArea);
      errors.show(error);
    }
    return;
  }
  if (!ctx.isCurrent()) return;
  const current = years.find((y) => y.status === 'current') || years[0];
  const ended = years.filter((y) => y !== current);
  replace(
    yearArea,
    h(
      'p',
      { class: 'current-year', dataset: { yearId: current.id } },
      h('strong', null, current.name),
      ` — ${formatDate(current.startsOn)} to ${formatDate(current.endsOn)}`,
    ),
    ended.length ? h('p', { class: 'hint' }, `Earlier years: ${ended.map((y) => y.name).join(', ')}.`) : null,
  );

  // ---- the next year and the classes to carry forward -------------------------------------------------
  const next = nextYearOf(current);
  const nameInput = h('input', { type: 'text', name: 'name', value: next.name, required: true, maxlength: '40', autocomplete: 'off' });
  const startsInput = h('input', { type: 'date', name: 'startsOn', value: next.startsOn, required: true });
  /** @type {Map<string, HTMLInputElement>} */
  const boxes = new Map();
  if (classes.length === 0) {
    replace(pickerArea, h('p', null, 'No active classes: the rollover has nothing to archive or carry forward.'));
  } else {
    const rows = classes.map((c) => {
      const box = h('input', { type: 'checkbox', name: 'carryForward', value: c.id, 'aria-label': `Carry forward ${c.name}` });
      boxes.set(c.id, /** @type {HTMLInputElement} */ (box));
      return h(
        'tr',
        { dataset: { classId: c.id } },
        h('td', null, box),
        h('th', { scope: 'row' }, c.name),
        h('td', null, (ctx.schoolById(c.schoolId) || { name: '' }).name),
        h('td', null, ctx.courseName(c.courseId)),
        h('td', null, String(c.activeEnrollments ?? 0)),
      );
    });
    replace(
      pickerArea,
      table({
        caption: `Classes of ${current.name} to carry forward (created again in the new year with the same name, course and teachers, and no students)`,
        className: 'data compact',
        columns: [{ label: 'Carry forward' }, { label: 'Class' }, { label: 'School' }, { label: 'Course' }, { label: 'Students' }],
        rows,
      }),
    );
  }

  const previewButton = h('button', { type: 'submit', class: 'primary' }, 'Preview rollover');
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'The next school year' },
    field('New school year', nameInput, 'Like 2027–2028: the year it starts in, then the next.').wrapper,
    field('Starts on', startsInput, `After ${formatDate(current.startsOn)}, when ${current.name} started.`).wrapper,
    h('div', { class: 'filter-actions' }, previewButton),
  );

  container.append(
    h(
      'section',
      { 'aria-labelledby': 'sy-next' },
      h('h2', { id: 'sy-next' }, 'Start a new school year'),
      h(
        'p',
        { class: 'hint' },
        `Every active class of ${current.name} is archived and its students return to the available lists (their enrollment history and placements stay). ` +
          'Preview first: nothing changes until you confirm.',
      ),
      form,
      pickerArea,
      previewArea,
    ),
  );

  const request = () => ({
    name: nameInput.value.trim(),
    startsOn: startsInput.value,
    carryForwardClassIds: [...boxes.entries()].filter(([, box]) => box.checked).map(([id]) => id),
  });

  /**
   * @param {string} label
   * @param {Omit<RolloverSchool, 'schoolId'>} c
   * @param {boolean} total
   */
  const countsRow = (label, c, total) =>
    h(
      'tr',
      { class: total ? 'total' : null },
      h('th', { scope: 'row' }, label),
      h('td', null, String(c.classesToArchive)),
      h('td', null, String(c.enrollmentsToEnd)),
      h('td', null, String(c.studentsReturning)),
      h('td', null, String(c.classesCarriedForward)),
    );
  /** @param {RolloverPreview} plan @param {string} caption */
  const countsTable = (plan, caption) =>
    table({
      caption,
      className: 'data compact rollover-counts',
      columns: [
        { label: 'School' },
        { label: 'Classes archived' },
        { label: 'Enrollments ended' },
        { label: 'Students back in the available list' },
        { label: 'Classes carried forward' },
      ],
      rows: [
        ...plan.schools.map((s) => countsRow(s.name || (ctx.schoolById(s.schoolId) || { name: s.schoolId }).name, s, false)),
        countsRow('District total', plan.totals, true),
      ],
    });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    errors.clear();
    status.clear();
    const body = request();
    void busy(/** @type {HTMLButtonElement} */ (previewButton), async () => {
      try {
        const plan = await api.previewRollover(districtId, body);
        if (!ctx.isCurrent()) return;
        const key = newKey(districtId);
        const confirmButton = h('button', { type: 'button', class: 'danger' }, `Start ${plan.newYear.name}`);
        confirmButton.addEventListener('click', () => void confirmRollover(/** @type {HTMLButtonElement} */ (confirmButton), body, plan, key));
        replace(
          previewArea,
          h('h3', null, `Preview: ${plan.endingYear.name} → ${plan.newYear.name}`),
          h('p', null, `${plan.newYear.name} runs from ${formatDate(plan.newYear.startsOn)} to ${formatDate(plan.newYear.endsOn)}.`),
          countsTable(plan, `What starting ${plan.newYear.name} does, per school`),
          h('div', { class: 'actions' }, confirmButton),
        );
        announce(`Preview ready: ${plural(plan.totals.classesToArchive, 'class', 'classes')} to archive.`);
      } catch (error) {
        if (ctx.isCurrent()) {
          replace(previewArea);
          errors.show(error);
        }
      }
    });
  });

  /**
   * The carried-forward classes, each with "Enroll last year's members".
   * @param {{ fromClassId: string, classId: string }[]} carried
   */
  function carriedForwardList(carried) {
    if (carried.length === 0) return null;
    const nameOf = (/** @type {string} */ id) => (classes.find((c) => c.id === id) || { name: id }).name;
    return h(
      'section',
      { 'aria-labelledby': 'sy-carried' },
      h('h3', { id: 'sy-carried' }, 'Carried-forward classes'),
      h('p', { class: 'hint' }, "They start empty. Enroll last year's members in one click: the placement rule applies to each student."),
      h(
        'ul',
        { class: 'carried-forward' },
        carried.map(({ fromClassId, classId }) => {
          const line = h('span', { class: 'result', role: 'status' });
          const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Enroll last year's members of ${nameOf(fromClassId)}` }, "Enroll last year's members");
          button.addEventListener('click', () =>
            void busy(/** @type {HTMLButtonElement} */ (button), async () => {
              try {
                /** @type {string[]} */
                const members = [];
                /** @type {string | undefined} */
                let cursor;
                do {
                  const page = await api.enrollments(fromClassId, { status: 'ended', limit: 500, cursor });
                  members.push(...page.data.filter((e) => e.endReason === 'school_year_ended').map((e) => e.studentId));
                  cursor = page.nextCursor || undefined;
                } while (cursor);
                if (members.length === 0) {
                  line.textContent = 'Nobody was enrolled at the end of last year.';
                  return;
                }
                const results = [];
                for (let i = 0; i < members.length; i += 500) {
                  const answer = await api.enroll(classId, members.slice(i, i + 500));
                  results.push(...((answer && answer.results) || []));
                }
                // The line is a status region: screen readers announce it (no second announcement).
                line.textContent = `${enrollSummary(results)}.`;
              } catch (error) {
                errors.show(error);
              }
            }),
          );
          return h('li', { dataset: { classId } }, h('a', { href: `#/classes/${encodeURIComponent(classId)}` }, nameOf(fromClassId)), ' ', button, ' ', line);
        }),
      ),
    );
  }

  /**
   * @param {HTMLButtonElement} button
   * @param {{ name: string, startsOn: string, carryForwardClassIds: string[] }} body
   * @param {RolloverPreview} plan
   * @param {string} key
   */
  async function confirmRollover(button, body, plan, key) {
    const ok = await confirmDialog({
      title: `Start ${plan.newYear.name}?`,
      message:
        `${plural(plan.totals.classesToArchive, 'class', 'classes')} will be archived, ${plural(plan.totals.enrollmentsToEnd, 'enrollment')} ended ` +
        `and ${plural(plan.totals.classesCarriedForward, 'class', 'classes')} carried forward. This cannot be undone.`,
      confirmLabel: `Start ${plan.newYear.name}`,
      danger: true,
    });
    if (!ok) return;
    errors.clear();
    await busy(button, async () => {
      try {
        const result = await api.rollover(districtId, body, key);
        if (!ctx.isCurrent()) return;
        replace(previewArea, h('h3', null, `Done: ${result.newYear.name} is the current school year`), countsTable(result, `What starting ${result.newYear.name} did, per school`));
        status.show(`${result.newYear.name} started. ${plural(result.totals.studentsReturning, 'student')} are back in the available lists.`);
        announce(`${result.newYear.name} started.`);
        replace(
          yearArea,
          h('p', { class: 'current-year', dataset: { yearId: result.newYear.id } }, h('strong', null, result.newYear.name), ` — ${formatDate(result.newYear.startsOn)} to ${formatDate(result.newYear.endsOn)}`),
          h('p', { class: 'hint' }, `Earlier years: ${[result.endingYear.name, ...ended.map((y) => y.name)].join(', ')}.`),
        );
        form.hidden = true;
        replace(pickerArea, carriedForwardList(result.carriedForward));
      } catch (error) {
        if (ctx.isCurrent()) errors.show(error);
      }
    });
  }
}
