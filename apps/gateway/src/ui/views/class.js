// One class: details (name, course), teachers, roster with unenroll, and archive.

import { h, replace, field, select, srOnly, busy, announce, table, confirmDialog } from '../dom.js';
import { listOf, ApiError } from '../api.js';
import { displayName, listName, gradeLabel, formatDate, plural, errorMessage, CODES } from '../format.js';
import { errorArea, statusArea, loading } from './common.js';
import { statusTags } from './classes.js';

/** @typedef {import('../types.js').RosterClass} RosterClass */
/** @typedef {import('../types.js').ClassChange} ClassChange */
/** @typedef {import('../types.js').Enrollment} Enrollment */
/** @typedef {import('../types.js').Account} Account */

const PAGE_SIZE = 100;

/** Why an enrollment ended (the classes service's end reasons). */
const END_REASONS = {
  unenrolled: 'Unenrolled',
  student_archived: 'Student archived',
  left_school: 'Left the school',
  class_archived: 'Class archived',
  school_year_ended: 'School year ended',
};

/** @param {string | undefined} reason */
function endReasonLabel(reason) {
  return (reason && END_REASONS[/** @type {keyof typeof END_REASONS} */ (reason)]) || reason || '';
}

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api, params } = ctx;
  ctx.setTitle('Class');
  replace(container, loading('Loading the class…'));

  /** @type {RosterClass} */
  let cls;
  try {
    cls = await api.getClass(params.classId);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(
      container,
      h('p', null, h('a', { href: '#/classes', class: 'back' }, 'All classes')),
      h('h1', { tabindex: '-1' }, 'Class not available'),
      h('p', { class: 'error', role: 'alert' }, errorMessage(error)),
    );
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.state.schoolId = cls.schoolId;
  sessionStorage.setItem('roster.schoolId', cls.schoolId);
  ctx.setTitle(cls.name);

  const me = state.me;
  // Archiving ends every enrollment (a rollover too): an archived class's roster is its ended enrollments.
  const isArchived = () => cls.status === 'archived';
  const canEdit = () => cls.status !== 'archived' && (ctx.isAdminOf(cls.schoolId) || (cls.teacherIds || []).includes(me.id));
  const school = ctx.schoolById(cls.schoolId);
  /** @type {Account[]} */
  let schoolTeachers = [];

  // ---- header --------------------------------------------------------------------------------------
  const title = h('h1', { tabindex: '-1' }, cls.name);
  const headerMeta = h('p', { class: 'meta' });
  const notices = h('div');
  function renderHeader() {
    title.textContent = cls.name;
    ctx.setTitle(cls.name);
    replace(
      headerMeta,
      school ? `${school.name} · ` : '',
      cls.courseId ? ctx.courseName(cls.courseId) : 'No course assigned',
      ' · ',
      statusTags(cls),
    );
    replace(
      notices,
      cls.status === 'archived' ? h('p', { class: 'notice' }, 'This class is archived. Its roster is kept for the record and cannot be changed.') : null,
      cls.needsTeacher && cls.status !== 'archived'
        ? h('p', { class: 'notice warn' }, 'This class has no active teacher. Add a teacher below.')
        : null,
    );
  }

  // ---- details -------------------------------------------------------------------------------------
  const detailsStatus = statusArea();
  const detailsErrors = errorArea();
  const nameInput = h('input', { type: 'text', name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const courseSelect = select([{ value: '', label: 'No course' }, ...state.courses.map((c) => ({ value: c.id, label: c.name }))], '', { name: 'courseId' });
  const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save changes');
  const detailsForm = h(
    'form',
    { class: 'stack', novalidate: true },
    detailsErrors.el,
    h('div', { class: 'form-grid' }, field('Class name', nameInput).wrapper, field('Course', courseSelect).wrapper),
    h('div', { class: 'actions' }, saveButton),
    detailsStatus.el,
  );
  function fillDetails() {
    nameInput.value = cls.name;
    courseSelect.value = cls.courseId || '';
    const editable = canEdit();
    for (const control of [nameInput, courseSelect, saveButton]) control.disabled = !editable;
    saveButton.hidden = !editable;
  }
  detailsForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    detailsErrors.clear();
    detailsStatus.clear();
    nameInput.removeAttribute('aria-invalid');
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.setAttribute('aria-invalid', 'true');
      detailsErrors.show('Please enter a class name.');
      nameInput.focus();
      return;
    }
    /** @type {ClassChange} */
    const body = {};
    if (name !== cls.name) body.name = name;
    const courseId = courseSelect.value || null;
    if (courseId !== (cls.courseId || null)) body.courseId = courseId;
    if (!Object.keys(body).length) {
      detailsStatus.show('Nothing to save: no changes.');
      return;
    }
    try {
      cls = await busy(saveButton, () => api.updateClass(cls.id, body));
    } catch (error) {
      detailsErrors.show(error);
      return;
    }
    renderHeader();
    fillDetails();
    const what = [body.name ? 'name' : null, 'courseId' in body ? 'course' : null].filter(Boolean).join(' and ');
    detailsStatus.show(`Saved the ${what}.${'courseId' in body ? ` Course: ${ctx.courseName(cls.courseId)}.` : ''}`);
  });

  // ---- teachers ------------------------------------------------------------------------------------
  const teachersList = h('ul', { class: 'plain-list' });
  const teacherErrors = errorArea();
  const teacherStatus = statusArea();
  const addTeacherSelect = h('select', { name: 'teacherId' });
  const addTeacherButton = h('button', { type: 'submit', class: 'secondary' }, 'Add teacher');
  const addTeacherForm = h('form', { class: 'inline-form', novalidate: true }, field('Add a teacher', addTeacherSelect).wrapper, addTeacherButton);
  addTeacherForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    teacherErrors.clear();
    if (!addTeacherSelect.value) {
      teacherErrors.show('Choose a teacher to add.');
      addTeacherSelect.focus();
      return;
    }
    await changeTeachers({ addTeacherIds: [addTeacherSelect.value] }, addTeacherButton, 'added');
    addTeacherSelect.focus();
  });

  /**
   * @param {ClassChange} body
   * @param {HTMLButtonElement} button
   * @param {string} verb "added" or "removed", for the status line
   */
  async function changeTeachers(body, button, verb) {
    teacherErrors.clear();
    teacherStatus.clear();
    const changedId = (body.addTeacherIds || body.removeTeacherIds || [])[0];
    const known = [...(cls.teachers || []), ...schoolTeachers].find((t) => t.id === changedId);
    try {
      cls = await busy(button, () => api.updateClass(cls.id, body));
    } catch (error) {
      teacherErrors.show(error);
      return false;
    }
    renderHeader();
    renderTeachers();
    const who = known ? displayName(known.name) : 'The teacher';
    teacherStatus.show(`${who} was ${verb}.${cls.needsTeacher ? ' The class now needs a teacher.' : ''}`);
    return true;
  }

  function renderTeachers() {
    const editable = canEdit();
    const teachers = cls.teachers || [];
    replace(
      teachersList,
      teachers.length
        ? teachers.map((t) => {
            const name = displayName(t.name);
            const remove = editable
              ? h('button', { type: 'button', class: 'link-button danger-text' }, 'Remove', srOnly(` ${name} from this class`))
              : null;
            if (remove) {
              remove.addEventListener('click', async () => {
                const ok = await confirmDialog({
                  title: 'Remove this teacher?',
                  message: `${name} will no longer teach ${cls.name}.${teachers.length === 1 ? ' The class will then need a teacher.' : ''}`,
                  confirmLabel: 'Remove teacher',
                  danger: true,
                });
                if (!ok) return;
                const done = await changeTeachers({ removeTeacherIds: [t.id] }, remove, 'removed');
                if (done) (teachersList.querySelector('button') || addTeacherSelect).focus();
              });
            }
            return h('li', null, h('span', null, name), t.id === me.id ? h('span', { class: 'muted' }, ' (you)') : null, remove ? [' ', remove] : null);
          })
        : h('li', { class: 'muted' }, 'No teachers.'),
    );
    const inClass = new Set(cls.teacherIds || []);
    const candidates = schoolTeachers.filter((t) => !inClass.has(t.id));
    replace(
      addTeacherSelect,
      h('option', { value: '' }, candidates.length ? 'Choose a teacher' : 'No other teachers in this school'),
      candidates.map((t) => h('option', { value: t.id }, listName(t.name))),
    );
    addTeacherForm.hidden = !editable;
  }

  async function loadSchoolTeachers() {
    try {
      schoolTeachers = await api.allAccounts({ schoolId: cls.schoolId, role: 'teacher', status: 'active' });
    } catch {
      schoolTeachers = [];
    }
    if (ctx.isCurrent()) renderTeachers();
  }

  // ---- roster --------------------------------------------------------------------------------------
  const rosterHeading = h('h2', { tabindex: '-1' }, 'Students');
  const rosterErrors = errorArea();
  const rosterStatus = statusArea();
  const rosterArea = h('div', { class: 'list-area' }, loading('Loading students…'));
  const moreButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more students');
  /** @type {Enrollment[]} */
  let enrollments = [];
  /** @type {string | null} */
  let nextCursor = null;
  /** @type {HTMLTableSectionElement | null} */
  let tbody = null;

  /** @param {{ append?: boolean }} [options] append: the next page, after the rows shown */
  async function loadRoster({ append = false } = {}) {
    rosterErrors.clear();
    rosterArea.setAttribute('aria-busy', 'true');
    try {
      const page = await api.enrollments(cls.id, { status: isArchived() ? 'ended' : 'active', limit: PAGE_SIZE, cursor: append ? nextCursor : undefined });
      if (!ctx.isCurrent()) return;
      const items = listOf(page);
      nextCursor = (page && page.nextCursor) || null;
      if (append && tbody) {
        enrollments = enrollments.concat(items);
        const rows = items.map(isArchived() ? endedEnrollmentRow : enrollmentRow);
        tbody.append(...rows);
        const first = rows[0] && rows[0].querySelector('button, a');
        if (first instanceof HTMLElement) first.focus();
      } else {
        enrollments = items;
        renderRoster();
      }
      moreButton.hidden = !nextCursor;
      updateRosterHeading();
    } catch (error) {
      if (ctx.isCurrent()) rosterErrors.show(error);
    } finally {
      rosterArea.removeAttribute('aria-busy');
    }
  }
  moreButton.addEventListener('click', () => busy(moreButton, () => loadRoster({ append: true })));

  function updateRosterHeading() {
    if (isArchived()) {
      rosterHeading.textContent = 'Students (none active)';
      return;
    }
    const n = cls.activeEnrollments ?? enrollments.length;
    rosterHeading.textContent = `Students (${n})`;
  }

  function renderRoster() {
    if (!enrollments.length) {
      tbody = null;
      replace(rosterArea, h('p', { class: 'empty' }, isArchived() ? 'No active students. No student was ever enrolled in this class.' : 'No students enrolled yet.'));
      return;
    }
    if (isArchived()) {
      const wrap = table({
        caption: `Former students of ${cls.name}`,
        captionHidden: true,
        className: 'data',
        columns: [{ label: 'Name' }, { label: 'Grade' }, { label: 'Enrolled' }, { label: 'Ended' }, { label: 'Why it ended' }],
        rows: enrollments.map(endedEnrollmentRow),
      });
      tbody = wrap.querySelector('tbody');
      replace(rosterArea, h('p', null, 'No active students: the class is archived. Its enrollments, kept for the record:'), wrap);
      return;
    }
    const wrap = table({
      caption: `Students enrolled in ${cls.name}`,
      captionHidden: true,
      className: 'data',
      columns: [{ label: 'Name' }, { label: 'Grade' }, { label: 'Enrolled' }, { label: h('span', null, srOnly('Actions')), className: 'col-actions' }],
      rows: enrollments.map(enrollmentRow),
    });
    tbody = wrap.querySelector('tbody');
    replace(rosterArea, wrap);
  }

  /** @param {Enrollment} enrollment an ended enrollment of the archived class */
  function endedEnrollmentRow(enrollment) {
    const student = enrollment.student || {};
    return h(
      'tr',
      { dataset: { studentId: enrollment.studentId } },
      h('th', { scope: 'row', class: 'name-cell' }, listName(student.name)),
      h('td', null, gradeLabel(student.grade)),
      h('td', null, formatDate(enrollment.startedAt)),
      h('td', null, formatDate(enrollment.endedAt)),
      h('td', null, endReasonLabel(enrollment.endReason)),
    );
  }

  /** @param {Enrollment} enrollment */
  function enrollmentRow(enrollment) {
    const student = enrollment.student || {};
    const name = displayName(student.name);
    const actions = h('td', { class: 'col-actions' });
    const row = h(
      'tr',
      { dataset: { studentId: enrollment.studentId } },
      h('th', { scope: 'row', class: 'name-cell' }, listName(student.name)),
      h('td', null, gradeLabel(student.grade)),
      h('td', null, formatDate(enrollment.startedAt)),
      actions,
    );
    if (canEdit()) {
      const button = h('button', { type: 'button', class: 'secondary small' }, 'Unenroll', srOnly(` ${name}`));
      button.addEventListener('click', () => unenroll(enrollment, name, row, button));
      actions.append(button);
    }
    return row;
  }

  /**
   * @param {Enrollment} enrollment
   * @param {string} name the student's display name
   * @param {HTMLTableRowElement} row
   * @param {HTMLButtonElement} button
   */
  async function unenroll(enrollment, name, row, button) {
    const ok = await confirmDialog({
      title: 'Unenroll this student?',
      message: `${name} will leave ${cls.name} and appear again in the school’s available students.`,
      confirmLabel: 'Unenroll',
      danger: true,
    });
    if (!ok) return;
    rosterErrors.clear();
    try {
      await busy(button, () => api.unenroll(cls.id, enrollment.studentId));
    } catch (error) {
      if (!(error instanceof ApiError && error.code === CODES.ENROLLMENT_NOT_FOUND)) {
        rosterErrors.show(error);
        return;
      }
    }
    // Focus moves to the next row's button (or the previous, or the heading) so keyboard users keep their place.
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    enrollments = enrollments.filter((e) => e !== enrollment);
    cls.activeEnrollments = Math.max(0, (cls.activeEnrollments ?? enrollments.length + 1) - 1);
    updateRosterHeading();
    rosterStatus.show(`${name} was unenrolled from ${cls.name}.`);
    if (!enrollments.length && !nextCursor) renderRoster();
    const target = next && next.querySelector('button');
    (target || rosterHeading).focus();
  }

  // ---- archive -------------------------------------------------------------------------------------
  const archiveButton = h('button', { type: 'button', class: 'danger' }, 'Archive class');
  const archiveErrors = errorArea();
  const archiveSection = h(
    'section',
    { class: 'panel danger-zone', 'aria-labelledby': 'archive-heading' },
    h('h2', { id: 'archive-heading' }, 'Archive this class'),
    h('p', null, 'Archiving ends every enrollment in the class. The class and its history are kept, read-only.'),
    archiveErrors.el,
    archiveButton,
  );
  archiveButton.addEventListener('click', async () => {
    const n = cls.activeEnrollments ?? enrollments.length;
    const ok = await confirmDialog({
      title: `Archive ${cls.name}?`,
      message: `${n ? `The ${plural(n, 'student')} in it will be unenrolled and appear again in the available students. ` : ''}This cannot be undone here.`,
      confirmLabel: 'Archive class',
      danger: true,
    });
    if (!ok) return;
    archiveErrors.clear();
    try {
      cls = await busy(archiveButton, () => api.archiveClass(cls.id));
    } catch (error) {
      archiveErrors.show(error);
      return;
    }
    announce(`${cls.name} is archived.`);
    ctx.navigate(`/classes/${encodeURIComponent(cls.id)}`);
  });

  // ---- page ----------------------------------------------------------------------------------------
  renderHeader();
  fillDetails();
  renderTeachers();
  const addStudentsHref = `#/students?school=${encodeURIComponent(cls.schoolId)}&class=${encodeURIComponent(cls.id)}`;
  // "From your Clever sections": the same enroll panel, opened on the caller's sections' available students
  // (suggestions only: nobody is enrolled until the user picks and confirms, and the placement rule applies).
  const addStudentsLink =
    cls.status !== 'archived'
      ? h(
          'span',
          { class: 'actions' },
          h('a', { class: 'button secondary', href: addStudentsHref }, 'Add students'),
          h('a', { class: 'button secondary', href: `${addStudentsHref}&section=mine` }, 'From your Clever sections'),
        )
      : null;
  replace(
    container,
    h('p', null, h('a', { href: `#/classes?school=${encodeURIComponent(cls.schoolId)}`, class: 'back' }, 'All classes')),
    h('div', { class: 'page-header' }, title),
    headerMeta,
    notices,
    h(
      'div',
      { class: 'two-col' },
      h('section', { class: 'panel', 'aria-labelledby': 'details-heading' }, h('h2', { id: 'details-heading' }, 'Details'), detailsForm),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'teachers-heading' },
        h('h2', { id: 'teachers-heading' }, 'Teachers'),
        teacherErrors.el,
        teachersList,
        addTeacherForm,
        teacherStatus.el,
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'roster-heading' },
      h('div', { class: 'section-header' }, rosterHeading, addStudentsLink),
      rosterErrors.el,
      rosterStatus.el,
      rosterArea,
      h('div', { class: 'more' }, moreButton),
    ),
    canEdit() ? archiveSection : null,
  );
  rosterHeading.id = 'roster-heading';
  await Promise.all([loadRoster(), loadSchoolTeachers()]);
}
