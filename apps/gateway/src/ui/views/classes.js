// Classes of a school: list (active or archived) and "New class" (name, course, teachers).

import { h, replace, field, select, busy, table, uid } from '../dom.js';
import { displayName, listName, plural } from '../format.js';
import { schoolPicker, errorArea, statusArea, pageHeader, loading, noSchools } from './common.js';

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api, query } = ctx;
  ctx.setTitle('Classes');
  const resolvedSchoolId = ctx.resolveSchool(query.school);
  if (!resolvedSchoolId) return noSchools(container);
  const schoolId = resolvedSchoolId;
  const status = query.status === 'archived' ? 'archived' : 'active';
  const me = state.me;
  const isAdmin = ctx.isAdminOf(schoolId);

  const errors = errorArea();
  const created = statusArea();
  const listArea = h('div', { class: 'list-area', 'aria-busy': 'true' }, loading('Loading classes…'));

  // ---- new class form ------------------------------------------------------------------------------
  const formId = uid('new-class');
  const toggle = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': formId }, 'New class');
  const nameInput = h('input', { type: 'text', name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const courseSelect = select(
    [{ value: '', label: 'Choose later' }, ...state.courses.map((c) => ({ value: c.id, label: c.name }))],
    '',
    { name: 'courseId' },
  );
  const teacherBox = h('div', { class: 'checkbox-list' }, loading('Loading teachers…'));
  const formErrors = errorArea();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create class');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const selfIsTeacher = (me.roles || []).includes('teacher') && !isAdmin;
  const form = h(
    'form',
    { id: formId, class: 'panel stack', hidden: true, novalidate: true, 'aria-labelledby': `${formId}-title` },
    h('h2', { id: `${formId}-title` }, 'New class'),
    formErrors.el,
    h('div', { class: 'form-grid' }, field('Class name', nameInput, 'For example “Grade 3 – Group A”.').wrapper, field('Course', courseSelect).wrapper),
    h(
      'fieldset',
      { class: 'teachers-fieldset' },
      h('legend', null, 'Teachers'),
      selfIsTeacher ? h('p', { class: 'hint' }, 'You will be a teacher of this class. You can add co-teachers.') : null,
      teacherBox,
    ),
    h('div', { class: 'actions' }, submit, cancel),
  );

  const showForm = (/** @type {boolean} */ open) => {
    form.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) nameInput.focus();
    else toggle.focus();
  };
  toggle.addEventListener('click', () => showForm(form.hidden));
  cancel.addEventListener('click', () => showForm(false));
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') showForm(false);
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formErrors.clear();
    nameInput.removeAttribute('aria-invalid');
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.setAttribute('aria-invalid', 'true');
      formErrors.show('Please enter a class name.');
      nameInput.focus();
      return;
    }
    const teacherIds = [.../** @type {NodeListOf<HTMLInputElement>} */ (teacherBox.querySelectorAll('input[type=checkbox]:checked'))].map((b) => b.value);
    /** @type {import('../types.js').NewClass} */
    const body = { schoolId, name };
    if (courseSelect.value) body.courseId = courseSelect.value;
    if (teacherIds.length) body.teacherIds = teacherIds;
    let cls;
    try {
      cls = await busy(submit, () => api.createClass(body));
    } catch (error) {
      formErrors.show(error);
      submit.focus();
      return;
    }
    if (!ctx.isCurrent()) return;
    form.reset();
    showForm(false);
    created.show(
      `Class “${cls.name}” created${cls.courseId ? ` with the course ${ctx.courseName(cls.courseId)}` : ''}. `,
      h('a', { href: `#/classes/${encodeURIComponent(cls.id)}` }, 'Open its roster'),
      ' or ',
      h('a', { href: `#/students?school=${encodeURIComponent(schoolId)}&class=${encodeURIComponent(cls.id)}` }, 'add students'),
      '.',
    );
    await loadList();
  });

  async function loadTeachers() {
    try {
      const teachers = await api.allAccounts({ schoolId, role: 'teacher', status: 'active' });
      if (!ctx.isCurrent()) return;
      if (!teachers.length) {
        replace(teacherBox, h('p', { class: 'hint' }, 'No teachers in this school yet. The class will be flagged as needing a teacher.'));
        return;
      }
      replace(
        teacherBox,
        teachers
          .filter((t) => t.id !== me.id || !selfIsTeacher)
          .map((t) => h('label', { class: 'check-row' }, h('input', { type: 'checkbox', name: 'teacherIds', value: t.id }), ' ', listName(t.name))),
      );
    } catch (error) {
      replace(teacherBox, h('p', { class: 'error' }, 'Teachers could not be loaded; you can add them later from the class page.'));
    }
  }

  // ---- list ----------------------------------------------------------------------------------------
  const statusSelect = select(
    [
      { value: 'active', label: 'Active classes' },
      { value: 'archived', label: 'Archived classes' },
    ],
    status,
    { name: 'status' },
  );
  statusSelect.addEventListener('change', () => ctx.navigate('/classes', { school: schoolId, status: statusSelect.value === 'active' ? '' : statusSelect.value }));

  async function loadList() {
    listArea.setAttribute('aria-busy', 'true');
    errors.clear();
    let classes;
    try {
      classes = await api.classes({ schoolId, status });
    } catch (error) {
      if (!ctx.isCurrent()) return;
      replace(listArea);
      errors.show(error);
      return;
    } finally {
      listArea.removeAttribute('aria-busy');
    }
    if (!ctx.isCurrent()) return;
    classes.sort((a, b) => String(a.name).localeCompare(String(b.name)));
    if (!classes.length) {
      replace(listArea, h('p', { class: 'empty' }, status === 'active' ? 'No active classes in this school yet. Use “New class” to create one.' : 'No archived classes.'));
      return;
    }
    replace(
      listArea,
      h('p', { class: 'count' }, `${plural(classes.length, status === 'active' ? 'active class' : 'archived class', status === 'active' ? 'active classes' : 'archived classes')}.`),
      table({
        caption: status === 'active' ? 'Active classes' : 'Archived classes',
        captionHidden: true,
        className: 'data',
        columns: [{ label: 'Class' }, { label: 'Course' }, { label: 'Teachers' }, { label: 'Students', className: 'num' }, { label: 'Status' }],
        rows: classes.map((c) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row', class: 'name-cell' }, h('a', { href: `#/classes/${encodeURIComponent(c.id)}` }, c.name)),
            h('td', null, c.courseId ? ctx.courseName(c.courseId) : h('span', { class: 'muted' }, 'No course')),
            h('td', null, teacherNames(c)),
            h('td', { class: 'num' }, String(c.activeEnrollments ?? 0)),
            h('td', null, statusTags(c)),
          ),
        ),
      }),
    );
  }

  replace(
    container,
    pageHeader('Classes', toggle),
    schoolPicker(ctx, (id) => ctx.navigate('/classes', { school: id })),
    created.el,
    form,
    h('div', { class: 'toolbar' }, field('Show', statusSelect).wrapper),
    errors.el,
    listArea,
  );
  ctx.replaceQuery({ school: schoolId, status: status === 'active' ? '' : status });
  await Promise.all([loadList(), loadTeachers()]);
}

/** @typedef {import('../types.js').RosterClass} RosterClass */

/** @param {RosterClass} c */
export function teacherNames(c) {
  const teachers = c.teachers || [];
  if (!teachers.length) return h('span', { class: 'muted' }, 'None');
  return teachers.map((t) => displayName(t.name)).join(', ');
}

/** @param {RosterClass} c */
export function statusTags(c) {
  return [
    c.status === 'archived' ? h('span', { class: 'tag' }, 'Archived') : h('span', { class: 'tag ok' }, 'Active'),
    c.needsTeacher && c.status !== 'archived' ? [' ', h('span', { class: 'tag warn' }, 'Needs a teacher')] : null,
    c.schoolYear ? [' ', h('span', { class: 'tag', title: 'School year' }, c.schoolYear.name)] : null,
  ];
}

