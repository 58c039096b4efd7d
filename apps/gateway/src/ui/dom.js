// Small DOM helpers. Everything is built with createElement/textContent: data from the API is never
// parsed as HTML, so names and Clever data cannot inject markup.

/** @typedef {import('./types.js').Child} Child */
/** @typedef {import('./types.js').Props} Props */

let idCounter = 0;

/**
 * A document-unique id for label/aria wiring.
 * @param {string} [prefix]
 */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * h('button', { class: 'primary', type: 'button', onClick: fn }, 'Save')
 * Props: `class`, `dataset`, `on<Event>` handlers, booleans (true sets the attribute, false/null omits it),
 * `value`/`checked`/`selected`/`indeterminate` as properties, anything else as an attribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
      // form-control properties: set on the element whatever its kind (ignored by elements without them)
      else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate') /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {readonly Child[]} children
 */
function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/**
 * Replaces a node's children.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Text for screen readers only.
 * @param {string} text
 */
export function srOnly(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

/**
 * Announces a message through the page's polite live region.
 * @param {string} message
 */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes a repeated identical message be announced again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/**
 * A labelled form field: returns { wrapper, control }.
 * @template {HTMLElement} C
 * @param {string} label
 * @param {C} control
 * @param {string} [hint]
 * @returns {{ wrapper: HTMLDivElement, control: C }}
 */
export function field(label, control, hint) {
  const id = control.id || uid('f');
  control.id = id;
  let hintEl = null;
  if (hint) {
    hintEl = h('span', { class: 'hint', id: `${id}-hint` }, hint);
    const describedBy = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${hintEl.id}` : hintEl.id);
  }
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control);
  return { wrapper, control };
}

/**
 * <select> from [{value, label}] with an optional selected value.
 * @param {readonly { value: string | number, label: string }[]} options
 * @param {string | number | null | undefined} selected
 * @param {Props} [props]
 */
export function select(options, selected, props = {}) {
  return h(
    'select',
    props,
    options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(selected ?? '') }, o.label)),
  );
}

/**
 * A table inside a keyboard-scrollable region (narrow screens).
 * @param {{ caption?: string, columns: readonly { label: Child, className?: string }[], rows: Child, captionHidden?: boolean, className?: string }} table
 */
export function table({ caption, columns, rows, captionHidden = false, className }) {
  const tableEl = h(
    'table',
    { class: className },
    caption ? h('caption', { class: captionHidden ? 'visually-hidden' : null }, caption) : null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
    h('tbody', null, rows),
  );
  return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption || 'Table' }, tableEl);
}

/**
 * Confirmation with the native modal <dialog> (focus is trapped and Escape cancels).
 * Resolves true when confirmed.
 * @param {{ title: string, message: string, confirmLabel: string, danger?: boolean }} dialog
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'danger' : 'primary' }, confirmLabel);
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId, class: 'dialog' },
      h('h2', { id: titleId }, title),
      h('p', null, message),
      h('div', { class: 'actions' }, cancel, ok),
    );
    const opener = document.activeElement;
    const done = (/** @type {boolean} */ result) => {
      dialog.close();
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(result);
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * Disables a button while an async action runs; returns the action's result.
 * @template T
 * @param {HTMLButtonElement} button
 * @param {() => Promise<T>} action
 * @returns {Promise<T>}
 */
export async function busy(button, action) {
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = wasDisabled;
    button.removeAttribute('aria-busy');
  }
}
