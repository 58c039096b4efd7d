// The placement-result form (recommended course, score, test date), used on the Placements screen and
// in a dialog from the available-students list.

import { h, uid, field, select, busy } from '../dom.js';
import { displayName, todayIso } from '../format.js';
import { errorArea } from './common.js';

/** @typedef {import('../types.js').ViewContext} ViewContext */
/** @typedef {import('../types.js').Placement} Placement */
/** @typedef {import('../types.js').NewPlacement} NewPlacement */
/** @typedef {Pick<import('../types.js').Account, 'id' | 'name' | 'preferredName'>} Student */
/** @typedef {{ onSaved?: (placement: Placement | NewPlacement) => void | Promise<void>, onCancel?: () => void, defaultCourseId?: string | null }} PlacementFormOptions */

/**
 * Builds the form. `onSaved(placement)` runs after the server recorded it; `onCancel` adds a Cancel button.
 * @param {ViewContext} ctx
 * @param {Student} student
 * @param {PlacementFormOptions} [options]
 */
export function placementForm(ctx, student, { onSaved, onCancel, defaultCourseId } = {}) {
  const errors = errorArea();
  const course = select(
    [{ value: '', label: 'Choose a course' }, ...ctx.state.courses.map((c) => ({ value: c.id, label: c.name }))],
    defaultCourseId || '',
    { name: 'recommendedCourseId', required: true },
  );
  const score = h('input', { type: 'number', name: 'score', min: '0', max: '100000', step: 'any', inputmode: 'decimal', class: 'short' });
  const testedOn = h('input', { type: 'date', name: 'testedOn', required: true, max: todayIso(), value: todayIso(), class: 'short' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save placement');

  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    errors.el,
    h(
      'div',
      { class: 'form-grid' },
      field('Recommended course', course).wrapper,
      field('Score (optional)', score, 'As reported by the placement test.').wrapper,
      field('Test date', testedOn).wrapper,
    ),
    h(
      'div',
      { class: 'actions' },
      save,
      onCancel ? h('button', { type: 'button', class: 'secondary', onClick: onCancel }, 'Cancel') : null,
    ),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    for (const control of [course, score, testedOn]) control.removeAttribute('aria-invalid');
    /** @type {[HTMLInputElement | HTMLSelectElement, string][]} */
    const problems = [];
    if (!course.value) problems.push([course, 'choose the recommended course']);
    if (!testedOn.value) problems.push([testedOn, 'enter the test date']);
    else if (testedOn.value > todayIso()) problems.push([testedOn, 'the test date cannot be in the future']);
    if (score.value !== '' && !(Number(score.value) >= 0 && Number(score.value) <= 100000)) problems.push([score, 'the score must be a number from 0 to 100000']);
    if (score.validity && score.validity.badInput) problems.push([score, 'the score must be a number']);
    if (problems.length) {
      for (const [control] of problems) control.setAttribute('aria-invalid', 'true');
      errors.show(`Please ${problems.map((p) => p[1]).join(', and ')}.`);
      problems[0][0].focus();
      return;
    }
    /** @type {NewPlacement} */
    const body = { studentId: student.id, recommendedCourseId: course.value, testedOn: testedOn.value };
    if (score.value !== '') body.score = Number(score.value);
    try {
      const placement = await busy(save, () => ctx.api.recordPlacement(body));
      void onSaved?.(placement || body);
    } catch (error) {
      errors.show(error);
      save.focus();
    }
  });

  return { form, focus: () => course.focus() };
}

/**
 * Opens the form in a modal dialog; resolves with the recorded placement, or null when cancelled.
 * @param {ViewContext} ctx
 * @param {Student} student
 * @param {Omit<PlacementFormOptions, 'onSaved' | 'onCancel'>} [options]
 * @returns {Promise<Placement | NewPlacement | null>}
 */
export function openPlacementDialog(ctx, student, options = {}) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const opener = document.activeElement;
    // (finish runs on the dialog's events only, so after `dialog` below is set)
    const finish = (/** @type {Placement | NewPlacement | null} */ result) => {
      dialog.close();
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(result);
    };
    const { form, focus } = placementForm(ctx, student, {
      ...options,
      onSaved: (placement) => finish(placement),
      onCancel: () => finish(null),
    });
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, `Record a placement for ${displayName(student.name, student.preferredName)}`),
      form,
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    focus();
  });
}
