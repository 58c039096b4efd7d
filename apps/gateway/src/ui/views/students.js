// Available students of a school: filters (Clever section, grade, placement, search), multi-select, enroll
// into a class with per-student results, placement entry from the list, and "From your Clever sections":
// pre-selecting a section's available students (nothing is enrolled until the user presses Enroll).
// Sections only filter and suggest: classes are never made from them. A teacher's list starts with the
// students of their own sections; "all students of the school" is one click away.

import { h, replace, field, select, srOnly, busy, announce, table } from '../dom.js';
import { listOf } from '../api.js';
import { displayName, listName, preferredText, gradeLabel, gradesOf, formatDate, codeMessage, plural, CODES } from '../format.js';
import { schoolPicker, errorArea, pageHeader, loading, noSchools } from './common.js';
import { openPlacementDialog } from './placement-form.js';

/** @typedef {import('../types.js').Account} Account */
/** @typedef {import('../types.js').RosterClass} RosterClass */
/** @typedef {import('../types.js').EnrollResult} EnrollResult */
/** @typedef {import('../types.js').EnrollWarning} EnrollWarning */
/** @typedef {import('../types.js').Placement | import('../types.js').NewPlacement} PlacementLike */
/** @typedef {import('../types.js').Section} Section */

const PAGE_SIZE = 100;
const CHIPS_SHOWN = 12;

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api, query } = ctx;
  ctx.setTitle('Available students');
  const resolvedSchoolId = ctx.resolveSchool(query.school);
  if (!resolvedSchoolId) return noSchools(container);
  const schoolId = resolvedSchoolId;
  const school = ctx.schoolById(schoolId);
  const canOverride = ctx.isAdminOf(schoolId);

  // `section`: 'all' (all students of the school), 'mine' (of the caller's sections there) or a section id.
  // Absent from the URL: decided once the sections are known (a teacher's own sections, else all).
  const filters = { grade: query.grade || '', placement: query.placement || '', q: '', section: query.section ?? null };
  /** @type {Section[]} */
  let sections = [];
  /** Selected students by id (kept across filter changes and pages, so a search-pick-search workflow works). */
  /** @type {Map<string, Account>} */
  const selected = new Map();
  /** @type {Account[]} */
  let students = [];
  /** @type {string | null} */
  let nextCursor = null;
  let loadToken = 0;
  /** @type {RosterClass[]} */
  let classes = [];
  let chosenClassId = query.class || '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let debounce;

  const errors = errorArea();

  // ---- filters -------------------------------------------------------------------------------------
  const gradeSelect = select(
    [{ value: '', label: 'All grades' }, ...gradesOf(school).map((g) => ({ value: g, label: gradeLabel(g) }))],
    filters.grade,
    { name: 'grade' },
  );
  const placementSelect = select(
    [
      { value: '', label: 'Any placement' },
      { value: 'none', label: 'No placement yet' },
      ...state.courses.map((c) => ({ value: c.id, label: `Placed in ${c.name}` })),
    ],
    filters.placement,
    { name: 'placement' },
  );
  const searchInput = h('input', { type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' });
  const sectionSelect = h('select', { name: 'section' }, h('option', { value: 'all' }, 'All students of the school'));
  const allStudentsButton = h('button', { type: 'button', class: 'link-button', hidden: true }, 'Show all students of the school');
  allStudentsButton.addEventListener('click', () => {
    sectionSelect.value = 'all';
    applyFilters();
    sectionSelect.focus();
  });
  const filterForm = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter available students' },
    field('Clever section', sectionSelect, 'Sections only filter the list: nobody is enrolled from one.').wrapper,
    field('Grade', gradeSelect).wrapper,
    field('Placement', placementSelect).wrapper,
    field('Search', searchInput, 'Name, student number or SIS id').wrapper,
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'secondary' }, 'Apply filters'),
      h('button', { type: 'button', class: 'link-button', onClick: clearFilters }, 'Clear filters'),
    ),
  );
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    applyFilters();
  });
  gradeSelect.addEventListener('change', applyFilters);
  sectionSelect.addEventListener('change', applyFilters);
  placementSelect.addEventListener('change', applyFilters);
  searchInput.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(applyFilters, 350);
  });

  function applyFilters() {
    clearTimeout(debounce);
    filters.grade = gradeSelect.value;
    filters.placement = placementSelect.value;
    filters.q = searchInput.value.trim();
    filters.section = sectionSelect.value;
    allStudentsButton.hidden = filters.section === 'all';
    rememberQuery();
    void load();
  }

  function clearFilters() {
    sectionSelect.value = 'all';
    gradeSelect.value = '';
    placementSelect.value = '';
    searchInput.value = '';
    applyFilters();
    gradeSelect.focus();
  }

  /** @param {Section} section its name, period and how many of its students are still available */
  function sectionLabel(section) {
    const counts = `${section.availableCount} of ${plural(section.studentCount, 'student')} available`;
    return `${section.name} (${[section.period ? `period ${section.period}` : null, counts].filter(Boolean).join(', ')})`;
  }

  /** The school's sections (the caller's first): the filter's options, the suggestions and the default filter. */
  async function loadSections() {
    // the list waits for the sections: they decide a teacher's default filter
    listArea.setAttribute('aria-busy', 'true');
    try {
      sections = await api.sections(schoolId);
    } catch (error) {
      errors.show(error);
      sections = [];
    } finally {
      listArea.removeAttribute('aria-busy');
    }
    if (!ctx.isCurrent()) return;
    const mine = sections.filter((x) => x.mine);
    const others = sections.filter((x) => !x.mine);
    if (filters.section === null) filters.section = mine.length ? 'mine' : 'all';
    const known = filters.section === 'all' || (filters.section === 'mine' && mine.length > 0) || sections.some((x) => x.id === filters.section);
    if (!known) filters.section = 'all';
    const option = (/** @type {Section} */ x) => h('option', { value: x.id }, sectionLabel(x));
    replace(
      sectionSelect,
      h('option', { value: 'all' }, 'All students of the school'),
      mine.length ? h('option', { value: 'mine' }, 'Students of my sections') : null,
      mine.length ? h('optgroup', { label: 'My sections' }, mine.map(option)) : null,
      others.length ? h('optgroup', { label: mine.length ? 'Other sections' : 'Sections' }, others.map(option)) : null,
    );
    sectionSelect.value = filters.section;
    sectionSelect.disabled = sections.length === 0;
    allStudentsButton.hidden = filters.section === 'all';
    const previous = suggestSelect.value;
    replace(suggestSelect, [...mine, ...others].map(option));
    if (sections.some((x) => x.id === previous)) suggestSelect.value = previous;
    suggestHeading.textContent = mine.length ? 'From your Clever sections' : 'From Clever sections';
    suggestBox.hidden = sections.length === 0;
  }

  function rememberQuery() {
    // ids and filter values only: the search text may be a name, so it stays out of the URL
    // `section=all` is kept too, so a teacher's default does not come back on reload
    ctx.replaceQuery({ school: schoolId, section: filters.section ?? undefined, grade: filters.grade, placement: filters.placement, class: chosenClassId });
  }

  // ---- list ----------------------------------------------------------------------------------------
  const countLine = h('p', { class: 'count', role: 'status' });
  const listArea = h('div', { class: 'list-area' }, loading('Loading students…'));
  const moreButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more students');
  moreButton.addEventListener('click', () => busy(moreButton, () => load({ append: true })));
  /** @type {HTMLTableSectionElement | null} */
  let tbody = null;
  /** @type {HTMLInputElement | null} */
  let selectAll = null;

  /** @param {{ append?: boolean }} [options] append: the next page, after the rows shown */
  async function load({ append = false } = {}) {
    const token = ++loadToken;
    listArea.setAttribute('aria-busy', 'true');
    errors.clear();
    try {
      const page = await api.availableStudents(schoolId, {
        grade: filters.grade,
        placement: filters.placement,
        q: filters.q,
        sectionId: filters.section && filters.section !== 'all' ? filters.section : undefined,
        limit: PAGE_SIZE,
        cursor: append ? nextCursor : undefined,
      });
      if (token !== loadToken || !ctx.isCurrent()) return;
      const items = listOf(page);
      nextCursor = (page && page.nextCursor) || null;
      if (append && tbody) {
        students = students.concat(items);
        const rows = items.map(studentRow);
        tbody.append(...rows);
        const firstBox = rows[0] && rows[0].querySelector('input[type=checkbox]');
        if (firstBox instanceof HTMLElement) firstBox.focus();
      } else {
        students = append ? students.concat(items) : items;
        renderTable();
      }
      updateCount();
      updateSelectAll();
    } catch (error) {
      if (token !== loadToken || !ctx.isCurrent()) return;
      errors.show(error);
    } finally {
      if (token === loadToken) listArea.removeAttribute('aria-busy');
    }
  }

  function updateCount() {
    moreButton.hidden = !nextCursor;
    if (!students.length) {
      countLine.textContent = filtersActive() ? 'No available students match these filters.' : 'No available students in this school.';
    } else {
      countLine.textContent = `Showing ${plural(students.length, 'student')}${nextCursor ? ' (more available)' : ''}.`;
    }
  }

  function filtersActive() {
    return Boolean(filters.grade || filters.placement || filters.q || (filters.section && filters.section !== 'all'));
  }

  function renderTable() {
    if (!students.length) {
      tbody = null;
      selectAll = null;
      replace(listArea);
      return;
    }
    const all = h('input', { type: 'checkbox' });
    selectAll = all;
    all.addEventListener('change', () => {
      for (const s of students) {
        if (all.checked) selected.set(s.id, s);
        else selected.delete(s.id);
      }
      if (tbody) for (const box of tbody.querySelectorAll('input[type=checkbox]')) /** @type {HTMLInputElement} */ (box).checked = all.checked;
      selectionChanged();
    });
    const rows = students.map(studentRow);
    const wrap = table({
      caption: 'Available students',
      captionHidden: true,
      className: 'data select-table',
      columns: [
        { label: h('label', { class: 'check' }, selectAll, srOnly('Select all shown students')), className: 'col-check' },
        { label: 'Name' },
        { label: 'Grade' },
        { label: 'Student no.' },
        { label: 'Latest placement' },
        { label: h('span', null, srOnly('Actions')), className: 'col-actions' },
      ],
      rows,
    });
    tbody = wrap.querySelector('tbody');
    replace(listArea, wrap);
  }

  /** @param {Account} student */
  function studentRow(student) {
    const name = displayName(student.name, student.preferredName);
    const box = h('input', { type: 'checkbox', value: student.id, checked: selected.has(student.id) });
    box.addEventListener('change', () => {
      if (box.checked) selected.set(student.id, student);
      else selected.delete(student.id);
      updateSelectAll();
      selectionChanged();
    });
    const placementCell = h('td', null, placementText(student.latestPlacement));
    const placeButton = h('button', { type: 'button', class: 'secondary small' }, 'Record placement', srOnly(` for ${name}`));
    placeButton.addEventListener('click', async () => {
      const chosen = classes.find((c) => c.id === chosenClassId);
      const placement = await openPlacementDialog(ctx, student, { defaultCourseId: chosen && chosen.courseId });
      if (!placement) return;
      student.latestPlacement = placement;
      replace(placementCell, placementText(placement));
      announce(`Placement recorded for ${name}: ${ctx.courseName(placement.recommendedCourseId)}.`);
    });
    return h(
      'tr',
      { dataset: { studentId: student.id } },
      h('td', { class: 'col-check' }, h('label', { class: 'check' }, box, srOnly(`Select ${name}`))),
      h(
        'th',
        { scope: 'row', class: 'name-cell' },
        listName(student.name),
        preferredText(student.preferredName) ? h('span', { class: 'muted block' }, `goes by ${preferredText(student.preferredName)}`) : null,
      ),
      h('td', null, gradeLabel(student.grade)),
      h('td', null, student.studentNumber || student.sisId || '—'),
      placementCell,
      h('td', { class: 'col-actions' }, placeButton),
    );
  }

  /** @param {PlacementLike | null | undefined} p */
  function placementText(p) {
    if (!p) return h('span', { class: 'muted' }, 'None');
    const details = [p.score !== undefined && p.score !== null ? `score ${p.score}` : null, formatDate(p.testedOn)].filter(Boolean).join(' · ');
    return [ctx.courseName(p.recommendedCourseId), h('span', { class: 'muted block' }, details)];
  }

  function updateSelectAll() {
    if (!selectAll) return;
    const shown = students.filter((s) => selected.has(s.id)).length;
    selectAll.checked = shown > 0 && shown === students.length;
    selectAll.indeterminate = shown > 0 && shown < students.length;
  }

  // ---- enroll panel --------------------------------------------------------------------------------
  const selectionLine = h('p', { class: 'selection-line', 'aria-live': 'polite' });
  const chips = h('ul', { class: 'chips', 'aria-label': 'Selected students' });
  const classSelect = h('select', { name: 'classId' });
  classSelect.addEventListener('change', () => {
    chosenClassId = classSelect.value;
    rememberQuery();
  });
  const classField = field('Class', classSelect);
  const overrideBox = canOverride ? h('input', { type: 'checkbox', name: 'override' }) : null;
  const enrollButton = h('button', { type: 'submit', class: 'primary' }, 'Enroll selected students');
  const clearButton = h('button', { type: 'button', class: 'link-button' }, 'Clear selection');
  clearButton.addEventListener('click', () => {
    selected.clear();
    if (tbody) for (const box of tbody.querySelectorAll('input[type=checkbox]')) /** @type {HTMLInputElement} */ (box).checked = false;
    updateSelectAll();
    selectionChanged();
    enrollButton.focus();
  });
  const enrollErrors = errorArea();

  // "From your Clever sections": pre-selects a section's students who are still available; the user reviews
  // the selection and confirms with "Enroll selected students" (the placement rule then applies to each).
  const suggestSelect = h('select', { name: 'suggestSection' });
  const suggestButton = h('button', { type: 'button', class: 'secondary' }, 'Select its available students');
  suggestButton.addEventListener('click', () => void suggest());
  const suggestNote = h('p', { class: 'hint', role: 'status' });
  const suggestHeading = h('h3', { class: 'small-heading' }, 'From your Clever sections');
  const suggestBox = h(
    'div',
    { class: 'suggest', hidden: true },
    suggestHeading,
    h('div', { class: 'suggest-controls' }, field('Section to select from', suggestSelect).wrapper, h('div', { class: 'actions' }, suggestButton)),
    suggestNote,
  );

  async function suggest() {
    const section = sections.find((x) => x.id === suggestSelect.value);
    if (!section) return;
    enrollErrors.clear();
    /** @type {Account[]} */
    let found;
    try {
      found = await busy(suggestButton, async () => {
        /** @type {Account[]} */
        const items = [];
        /** @type {string | null} */
        let cursor = null;
        do {
          const page = await api.availableStudents(schoolId, { sectionId: section.id, limit: 500, cursor });
          items.push(...listOf(page));
          cursor = (page && page.nextCursor) || null;
        } while (cursor && items.length < 2000);
        return items;
      });
    } catch (error) {
      enrollErrors.show(error);
      return;
    }
    if (!ctx.isCurrent()) return;
    for (const student of found) selected.set(student.id, student);
    if (tbody) {
      for (const box of tbody.querySelectorAll('input[type=checkbox]')) {
        const input = /** @type {HTMLInputElement} */ (box);
        input.checked = selected.has(input.value);
      }
    }
    updateSelectAll();
    selectionChanged();
    suggestNote.textContent = found.length
      ? `${plural(found.length, 'available student')} of “${section.name}” selected. Review the selection, choose the class and press “Enroll selected students”: nobody is enrolled before that.`
      : `No student of “${section.name}” is still available.`;
  }
  const noClassNote = h('p', { class: 'hint', hidden: true }, 'This school has no active classes yet. ', h('a', { href: `#/classes?school=${encodeURIComponent(schoolId)}` }, 'Create a class'), ' first.');
  const enrollForm = h(
    'form',
    { class: 'enroll-bar', 'aria-labelledby': 'enroll-heading', novalidate: true },
    h('div', { class: 'enroll-summary' }, h('h2', { id: 'enroll-heading', class: 'small-heading' }, 'Enroll into a class:'), selectionLine, chips),
    suggestBox,
    h(
      'div',
      { class: 'enroll-controls' },
      classField.wrapper,
      overrideBox
        ? h('div', { class: 'field checkbox-field' }, h('label', null, overrideBox, ' Override the placement requirement'))
        : null,
      h('div', { class: 'actions' }, enrollButton, clearButton),
    ),
    noClassNote,
    enrollErrors.el,
  );
  enrollForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void enroll();
  });

  function selectionChanged() {
    const n = selected.size;
    selectionLine.textContent = n ? `${plural(n, 'student')} selected.` : 'No students selected.';
    const list = [...selected.values()];
    replace(
      chips,
      list.slice(0, CHIPS_SHOWN).map((s) => {
        const name = displayName(s.name, s.preferredName);
        const chip = h('button', { type: 'button', class: 'chip' }, name, h('span', { 'aria-hidden': 'true' }, ' ×'), srOnly(' — remove from selection'));
        chip.addEventListener('click', () => {
          selected.delete(s.id);
          const box = tbody && /** @type {HTMLInputElement | null} */ (tbody.querySelector(`tr[data-student-id="${CSS.escape(s.id)}"] input[type=checkbox]`));
          if (box) box.checked = false;
          updateSelectAll();
          selectionChanged();
          const next = chips.querySelector('button') || enrollButton;
          next.focus();
        });
        return h('li', null, chip);
      }),
      list.length > CHIPS_SHOWN ? h('li', { class: 'muted' }, `and ${list.length - CHIPS_SHOWN} more`) : null,
    );
    chips.hidden = n === 0;
    clearButton.hidden = n === 0;
  }

  async function loadClasses() {
    try {
      classes = (await api.classes({ schoolId, status: 'active' })).filter((c) => c.status !== 'archived');
    } catch (error) {
      enrollErrors.show(error);
      classes = [];
    }
    if (!ctx.isCurrent()) return;
    classes.sort((a, b) => String(a.name).localeCompare(String(b.name)));
    if (!classes.some((c) => c.id === chosenClassId)) chosenClassId = classes.length === 1 ? classes[0].id : '';
    replace(
      classSelect,
      h('option', { value: '' }, classes.length ? 'Choose a class' : 'No classes yet'),
      classes.map((c) =>
        h(
          'option',
          { value: c.id, selected: c.id === chosenClassId },
          `${c.name} — ${ctx.courseName(c.courseId)} (${plural(c.activeEnrollments ?? 0, 'student')})`,
        ),
      ),
    );
    noClassNote.hidden = classes.length > 0;
  }

  // ---- results -------------------------------------------------------------------------------------
  const resultsHeading = h('h2', { tabindex: '-1' }, 'Enrollment results');
  const resultsBody = h('div', { role: 'status', 'aria-live': 'polite' });
  const resultsSection = h('section', { class: 'results', hidden: true, 'aria-labelledby': 'results-heading' }, resultsHeading, resultsBody);
  resultsHeading.id = 'results-heading';

  async function enroll() {
    enrollErrors.clear();
    classSelect.removeAttribute('aria-invalid');
    if (!selected.size) {
      enrollErrors.show('Select at least one student in the list first.');
      return;
    }
    if (!classSelect.value) {
      classSelect.setAttribute('aria-invalid', 'true');
      enrollErrors.show('Choose the class to enroll the students into.');
      classSelect.focus();
      return;
    }
    const cls = classes.find((c) => c.id === classSelect.value);
    if (!cls) {
      // the class list was reloaded meanwhile without this class (e.g. archived by someone else)
      classSelect.setAttribute('aria-invalid', 'true');
      enrollErrors.show('Choose the class to enroll the students into.');
      classSelect.focus();
      return;
    }
    const chosen = new Map(selected);
    const ids = [...chosen.keys()];
    let answer;
    try {
      answer = await busy(enrollButton, async () => {
        const batches = [];
        for (let i = 0; i < ids.length; i += 500) batches.push(ids.slice(i, i + 500));
        const results = [];
        for (const batch of batches) {
          const r = await api.enroll(cls.id, batch, overrideBox && overrideBox.checked);
          results.push(...((r && r.results) || []));
        }
        return results;
      });
    } catch (error) {
      enrollErrors.show(error);
      return;
    }
    if (!ctx.isCurrent()) return;
    showResults(cls, answer, chosen);
    for (const r of answer) if (r.outcome === 'enrolled') selected.delete(r.studentId);
    selectionChanged();
    await Promise.all([load(), loadClasses(), loadSections()]);
  }

  /**
   * @param {RosterClass} cls
   * @param {EnrollResult[]} results
   * @param {Map<string, Account>} chosen the students sent, by id
   */
  function showResults(cls, results, chosen) {
    const enrolled = results.filter((r) => r.outcome === 'enrolled');
    const rejected = results.filter((r) => r.outcome !== 'enrolled');
    const withWarnings = enrolled.filter((r) => r.warnings && r.warnings.length);
    const summary = [
      enrolled.length ? `${plural(enrolled.length, 'student')} enrolled in ${cls.name}` : `No student enrolled in ${cls.name}`,
      rejected.length ? `${rejected.length} not enrolled` : null,
      withWarnings.length ? plural(withWarnings.length, 'warning') : null,
    ]
      .filter(Boolean)
      .join(', ');
    const item = (/** @type {EnrollResult} */ r) => {
      const s = chosen.get(r.studentId);
      const name = s ? displayName(s.name, s.preferredName) : 'Student';
      const ok = r.outcome === 'enrolled';
      const warnings = (r.warnings || []).map((w) => h('li', { class: 'warning' }, h('span', { class: 'tag warn' }, 'Warning'), ' ', warningText(w)));
      return h(
        'li',
        { class: ok ? 'result ok' : 'result rejected', dataset: { studentId: r.studentId } },
        h('span', { class: ok ? 'tag ok' : 'tag bad' }, ok ? 'Enrolled' : 'Not enrolled'),
        ' ',
        h('strong', null, name),
        ok ? null : h('span', null, ': ', codeMessage(r.code)),
        warnings.length ? h('ul', { class: 'warnings' }, warnings) : null,
      );
    };
    // rejected first: they need action
    const ordered = [...rejected, ...enrolled];
    replace(
      resultsBody,
      h('p', { class: 'summary' }, `${summary}.`),
      h('ul', { class: 'result-list' }, ordered.map(item)),
      rejected.some((r) => r.code === CODES.PLACEMENT_REQUIRED)
        ? h(
            'p',
            { class: 'hint' },
            canOverride
              ? 'Record a placement for these students (button in each row), or tick “Override the placement requirement” and enroll again.'
              : 'Record a placement for these students (button in each row), then enroll them again.',
          )
        : null,
    );
    resultsSection.hidden = false;
    resultsHeading.focus();
  }

  /** @param {EnrollWarning} w */
  function warningText(w) {
    const base = codeMessage(w.code);
    return w.detail && !base.includes(w.detail) ? `${base} (${w.detail})` : base;
  }

  // ---- page ----------------------------------------------------------------------------------------
  replace(
    container,
    pageHeader('Available students'),
    schoolPicker(ctx, (id) => ctx.navigate('/students', { school: id })),
    h('p', { class: 'intro' }, 'Students of this school who are not in a class yet. Select students, then enroll them into a class.'),
    filterForm,
    h('p', { class: 'filter-shortcut' }, allStudentsButton),
    errors.el,
    countLine,
    listArea,
    h('div', { class: 'more' }, moreButton),
    resultsSection,
    enrollForm,
  );
  selectionChanged();
  await loadSections();
  if (!ctx.isCurrent()) return () => clearTimeout(debounce);
  rememberQuery();
  await Promise.all([load(), loadClasses()]);
  return () => clearTimeout(debounce);
}
