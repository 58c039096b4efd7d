// Placement entry: find a student of the school, record a placement-test result (recommended course,
// score, test date) and see their placement history (the newest counts).

import { h, replace, field, srOnly, busy, table } from '../dom.js';
import { listOf } from '../api.js';
import { displayName, listName, gradeLabel, formatDate, formatDateTime, plural, errorMessage } from '../format.js';
import { schoolPicker, errorArea, statusArea, pageHeader, loading, noSchools } from './common.js';
import { placementForm } from './placement-form.js';

/** @typedef {import('../types.js').Account} Account */
/** @typedef {import('../types.js').Placement} Placement */

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, api, query } = ctx;
  ctx.setTitle('Placements');
  const resolvedSchoolId = ctx.resolveSchool(query.school);
  if (!resolvedSchoolId) return noSchools(container);
  const schoolId = resolvedSchoolId;

  // ---- find a student ------------------------------------------------------------------------------
  const searchInput = h('input', { type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false' });
  const searchButton = h('button', { type: 'submit', class: 'secondary' }, 'Find students');
  const searchErrors = errorArea();
  const resultsCount = h('p', { class: 'count', role: 'status' });
  const results = h('ul', { class: 'pick-list' });
  const searchForm = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Find a student' },
    field('Student', searchInput, 'Name, student number or SIS id').wrapper,
    h('div', { class: 'filter-actions' }, searchButton),
  );
  searchForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    searchErrors.clear();
    const q = searchInput.value.trim();
    if (!q) {
      searchErrors.show('Type part of a name or a student number first.');
      searchInput.focus();
      return;
    }
    let page;
    try {
      page = await busy(searchButton, () => api.accounts({ schoolId, role: 'student', status: 'active', q, limit: 25 }));
    } catch (error) {
      searchErrors.show(error);
      return;
    }
    if (!ctx.isCurrent()) return;
    const students = listOf(page);
    resultsCount.textContent = students.length
      ? `${plural(students.length, 'student')} found${page.nextCursor ? ' (showing the first 25; type more to narrow down)' : ''}.`
      : 'No student found. Check the spelling, or search by student number.';
    replace(
      results,
      students.map((s) => {
        const name = displayName(s.name, s.preferredName);
        const choose = h('button', { type: 'button', class: 'secondary small' }, 'Choose', srOnly(` ${name}`));
        choose.addEventListener('click', () => chooseStudent(s));
        return h(
          'li',
          null,
          h('span', { class: 'pick-name' }, listName(s.name)),
          h('span', { class: 'muted' }, [gradeLabel(s.grade), s.studentNumber || s.sisId].filter((x) => x && x !== '—').join(' · ')),
          choose,
        );
      }),
    );
  });

  // ---- the chosen student --------------------------------------------------------------------------
  const studentArea = h('div');

  /** @param {Account} student */
  function chooseStudent(student) {
    ctx.replaceQuery({ school: schoolId, student: student.id });
    // the list has done its job; the chosen student's form takes its place
    replace(results);
    resultsCount.textContent = '';
    void showStudent(student, { focus: true });
  }

  /**
   * @param {Account} student
   * @param {{ focus?: boolean }} [options] focus: move the focus to the student's heading
   */
  async function showStudent(student, { focus = false } = {}) {
    const name = displayName(student.name, student.preferredName);
    const saved = statusArea();
    const heading = h('h2', { tabindex: '-1' }, name);
    const historyArea = h('div', { class: 'list-area' }, loading('Loading placements…'));
    const { form } = placementForm(ctx, student, {
      onSaved: async (placement) => {
        saved.show(
          `Placement recorded for ${name}: ${ctx.courseName(placement.recommendedCourseId)}`,
          placement.score !== undefined && placement.score !== null ? `, score ${placement.score}` : '',
          `, tested ${formatDate(placement.testedOn)}. `,
          h('a', { href: `#/students?school=${encodeURIComponent(schoolId)}` }, 'Back to available students'),
        );
        await loadHistory();
      },
    });
    replace(
      studentArea,
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'student-heading' },
        heading,
        h('p', { class: 'meta' }, [gradeLabel(student.grade), student.studentNumber ? `Student no. ${student.studentNumber}` : null].filter(Boolean).join(' · ')),
        h('h3', null, 'Record a placement result'),
        form,
        saved.el,
        h('h3', null, 'Placement history'),
        h('p', { class: 'hint' }, 'The newest result is the one that counts for enrollment.'),
        historyArea,
      ),
    );
    heading.id = 'student-heading';
    if (focus) heading.focus();

    async function loadHistory() {
      let placements;
      try {
        placements = await api.placements(student.id);
      } catch (error) {
        replace(historyArea, h('p', { class: 'error' }, errorMessage(error)));
        return;
      }
      if (!placements.length) {
        replace(historyArea, h('p', { class: 'empty' }, 'No placement results yet.'));
        return;
      }
      replace(
        historyArea,
        table({
          caption: `Placement history of ${name}`,
          captionHidden: true,
          className: 'data',
          columns: [{ label: 'Recommended course' }, { label: 'Score', className: 'num' }, { label: 'Tested on' }, { label: 'Source' }, { label: 'Recorded' }],
          rows: placements.map((p, i) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, ctx.courseName(p.recommendedCourseId), i === 0 ? [' ', h('span', { class: 'tag ok' }, 'Current')] : null),
              h('td', { class: 'num' }, p.score ?? '—'),
              h('td', null, formatDate(p.testedOn)),
              h('td', null, p.source === 'assessment' ? 'Placement test' : 'Entered by staff'),
              h('td', null, formatDateTime(p.recordedAt)),
            ),
          ),
        }),
      );
    }
    await loadHistory();
  }

  replace(
    container,
    pageHeader('Placements'),
    schoolPicker(ctx, (id) => ctx.navigate('/placements', { school: id })),
    h('p', { class: 'intro' }, 'Record a student’s placement-test result: the course it recommends, the score and the test date.'),
    searchForm,
    searchErrors.el,
    resultsCount,
    results,
    studentArea,
  );
  ctx.replaceQuery({ school: schoolId, student: query.student });

  if (query.student) {
    try {
      const student = await api.account(query.student);
      if (ctx.isCurrent()) await showStudent(student);
    } catch (error) {
      if (ctx.isCurrent()) searchErrors.show(`That student could not be opened: ${errorMessage(error)}`);
    }
  }
}
