// Small DOM helpers. Everything is built with createElement/textContent: data from the API is never
// parsed as HTML, so names and Clever data cannot inject markup.

let idCounter = 0;

/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * h('button', { class: 'primary', type: 'button', onClick: fn }, 'Save')
 * Props: `class`, `dataset`, `on<Event>` handlers, booleans (true sets the attribute, false/null omits it),
 * `value`/`checked`/`selected`/`indeterminate` as properties, anything else as an attribute.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
      else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a node's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Text for screen readers only. */
export function srOnly(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

/** Announces a message through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes a repeated identical message be announced again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** A labelled form field: returns { wrapper, control }. */
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

/** <select> from [{value, label}] with an optional selected value. */
export function select(options, selected, props = {}) {
  return h(
    'select',
    props,
    options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(selected ?? '') }, o.label)),
  );
}

/** A table inside a keyboard-scrollable region (narrow screens). */
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
    const done = (result) => {
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

/** Disables a button while an async action runs; returns the action's result. */
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
