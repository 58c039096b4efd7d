// District sync (district admins): connection, last full sync, events cursor age, "Sync now", runs with
// counts, rejected records (ids only), held-run approval, account summary per school, and settings.

import { h, replace, field, busy, announce, table, confirmDialog } from '../dom.js';
import { formatDateTime, formatShortDateTime, formatElapsed, formatDuration, plural, errorMessage, roleLabel, CODES } from '../format.js';
import { ApiError } from '../api.js';
import { errorArea, statusArea, pageHeader, loading } from './common.js';

/** @typedef {import('../types.js').SyncStatus} SyncStatus */
/** @typedef {import('../types.js').SyncRun} SyncRun */
/** @typedef {import('../types.js').DistrictSettings} DistrictSettings */
/** @typedef {import('../types.js').RoleCount} RoleCount */

const POLL_MS = 4000;
const COUNT_KEYS = ['created', 'updated', 'unchanged', 'archived', 'restored', 'ignored', 'rejected'];
/** @type {Readonly<Record<string, string>>} */
const COUNT_LABELS = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  archived: 'Archived',
  restored: 'Restored',
  ignored: 'Ignored',
  rejected: 'Rejected',
};
/** @type {Readonly<Record<string, string>>} */
const STATUS_LABELS = {
  running: 'Running',
  completed: 'Completed',
  held: 'Held for approval',
  failed: 'Failed',
  rejected: 'Archives rejected',
};
/** @type {Readonly<Record<string, string>>} */
const STATUS_TAGS = { running: 'info', completed: 'ok', held: 'warn', failed: 'bad', rejected: 'warn' };

/** @type {import('../types.js').ViewRender} */
export async function render(ctx) {
  const { container, state, api } = ctx;
  ctx.setTitle('District sync');
  const district = state.me.district || {};
  const districtId = district.id || state.me.districtId;

  /** @type {SyncStatus | null} */
  let data = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let stopped = false;
  /** @type {string | null | undefined} the held run on screen (undefined: none rendered yet) */
  let heldRunShown = undefined;
  /** @type {Set<string>} */
  const runningBefore = new Set();

  const errors = errorArea();
  const syncStatus = statusArea();
  const syncButton = h('button', { type: 'button', class: 'primary' }, 'Sync now');
  // Regions are aria-busy until their first answer (or error) arrives.
  const overview = h('div', { class: 'overview', 'aria-busy': 'true' }, loading('Loading the sync status…'));
  const heldArea = h('div');
  const runsArea = h('div', { class: 'list-area', 'aria-busy': 'true' });
  const rejectedArea = h('div', { class: 'list-area', 'aria-busy': 'true' });
  const summaryArea = h('div', { class: 'list-area', 'aria-busy': 'true' }, loading('Loading accounts…'));
  const settingsArea = h('div', { 'aria-busy': 'true' });
  const loaded = (/** @type {HTMLElement[]} */ ...areas) => areas.forEach((a) => a.removeAttribute('aria-busy'));

  syncButton.addEventListener('click', async () => {
    errors.clear();
    syncStatus.clear();
    try {
      await busy(syncButton, () => api.syncNow(districtId));
      syncStatus.show('Sync started. The runs below update by themselves while it runs.');
    } catch (error) {
      if (error instanceof ApiError && error.code === CODES.SYNC_ALREADY_RUNNING) syncStatus.show(errorMessage(error));
      else {
        errors.show(error);
        return;
      }
    }
    await refresh();
  });

  async function refresh() {
    let next;
    try {
      next = await api.sync(districtId);
    } catch (error) {
      if (!ctx.isCurrent()) return;
      errors.show(error);
      if (!data) replace(overview);
      loaded(overview, runsArea, rejectedArea);
      return;
    }
    if (!ctx.isCurrent() || stopped) return;
    const status = next;
    data = status;
    renderOverview(status);
    renderHeld(status);
    keepFocus(runsArea, () => renderRuns(status));
    keepFocus(rejectedArea, () => renderRejected(status));
    loaded(overview, runsArea, rejectedArea);
    announceFinishedRuns(status);
    schedule(status);
  }

  /** @param {SyncStatus} status */
  function schedule(status) {
    clearTimeout(timer);
    const running = (status.runs || []).some((r) => r.status === 'running');
    if (running && !stopped) timer = setTimeout(refresh, POLL_MS);
  }

  /** @param {SyncStatus} status */
  function announceFinishedRuns(status) {
    for (const run of status.runs || []) {
      if (runningBefore.has(run.id) && run.status !== 'running') {
        runningBefore.delete(run.id);
        const c = run.counts || {};
        announce(
          `Sync ${STATUS_LABELS[run.status] ? STATUS_LABELS[run.status].toLowerCase() : run.status}: ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.archived ?? 0} archived, ${c.rejected ?? 0} rejected.`,
        );
      }
      if (run.status === 'running') runningBefore.add(run.id);
    }
  }

  // Re-rendering a region must not drop the keyboard focus that is inside it (the scrollable tables are focusable).
  /**
   * @param {HTMLElement} area
   * @param {() => void} renderFn
   */
  function keepFocus(area, renderFn) {
    const hadFocus = area.contains(document.activeElement);
    renderFn();
    if (hadFocus) {
      const target = area.querySelector('[tabindex="0"], button, a');
      if (target instanceof HTMLElement) target.focus();
    }
  }

  /** @param {SyncStatus} data */
  function renderOverview(data) {
    const connection = data.connection || {};
    const connected = connection.state === 'connected';
    const running = (data.runs || []).find((r) => r.status === 'running');
    const cursor = data.eventsCursor;
    const item = (/** @type {string} */ term, /** @type {import('../types.js').Child[]} */ ...desc) => h('div', { class: 'stat' }, h('dt', null, term), h('dd', null, ...desc));
    replace(
      overview,
      h(
        'dl',
        { class: 'stats' },
        item(
          'Connection to Clever',
          h('span', { class: `tag ${connected ? 'ok' : 'bad'}` }, connected ? 'Connected' : 'Disconnected'),
          connection.since ? h('span', { class: 'muted block' }, `since ${formatDateTime(connection.since)}`) : null,
        ),
        item('Last successful full sync', data.lastSuccessfulFullSyncAt ? formatDateTime(data.lastSuccessfulFullSyncAt) : 'Never'),
        item(
          'Events cursor age',
          cursor ? formatDuration(cursor.ageSeconds) : 'No cursor yet',
          h('span', { class: 'muted block' }, 'How recent the last change read from Clever is'),
        ),
        item('Current sync', running ? h('span', { class: 'tag info' }, `Running since ${formatDateTime(running.startedAt)}`) : 'None running'),
      ),
      connected
        ? null
        : h('p', { class: 'notice warn' }, 'Clever no longer gives Roster access to this district. Nothing was deleted; syncing resumes when the district reconnects the app in Clever.'),
    );
  }

  /** @param {SyncStatus} data */
  function renderHeld(data) {
    const held = data.held;
    const key = held ? held.runId : null;
    if (key === heldRunShown) return;
    const hadFocus = heldArea.contains(document.activeElement);
    heldRunShown = key;
    if (!held) {
      replace(heldArea);
      if (hadFocus) syncButton.focus();
      return;
    }
    const heldErrors = errorArea();
    const decided = statusArea();
    const pct = held.activeUsers ? Math.round((held.removals / held.activeUsers) * 1000) / 10 : null;
    const approve = h('button', { type: 'button', class: 'danger' }, 'Approve the archives');
    const reject = h('button', { type: 'button', class: 'secondary' }, 'Reject the archives');
    const decide = async (/** @type {'approve' | 'reject'} */ kind, /** @type {HTMLButtonElement} */ button) => {
      const ok = await confirmDialog(
        kind === 'approve'
          ? {
              title: 'Archive these accounts?',
              message: `${plural(held.removals, 'account')} will be archived (not deleted). Their enrollments end. Accounts come back with their history if Clever shares them again.`,
              confirmLabel: 'Approve and archive',
              danger: true,
            }
          : {
              title: 'Reject the archives?',
              message: 'The held accounts stay active. Check what the district shares in Clever, then sync again.',
              confirmLabel: 'Reject the archives',
            },
      );
      if (!ok) return;
      heldErrors.clear();
      try {
        await busy(button, () => (kind === 'approve' ? api.approveRun(districtId, held.runId) : api.rejectRun(districtId, held.runId)));
      } catch (error) {
        heldErrors.show(error);
        if (!(error instanceof ApiError && error.code === CODES.RUN_NOT_HELD)) return;
      }
      decided.show(kind === 'approve' ? 'Approved: the accounts are being archived.' : 'Rejected: the accounts stay active.');
      announce(kind === 'approve' ? 'Archives approved.' : 'Archives rejected.');
      heldRunShown = undefined;
      await refresh();
      syncButton.focus();
    };
    approve.addEventListener('click', () => decide('approve', approve));
    reject.addEventListener('click', () => decide('reject', reject));
    replace(
      heldArea,
      h(
        'section',
        { class: 'panel held', 'aria-labelledby': 'held-heading' },
        h('h2', { id: 'held-heading' }, 'A sync is waiting for your decision'),
        h(
          'p',
          null,
          `The last full sync would archive ${plural(held.removals, 'account')} of ${plural(held.activeUsers ?? 0, 'active account')}`,
          pct !== null ? ` (${pct} %)` : '',
          `, more than the safeguard of ${held.thresholdPercent} %. Its other changes are applied; the archives are on hold.`,
        ),
        h('p', null, 'This often means a sharing change in Clever. Approve only if these people really left.'),
        heldErrors.el,
        h('div', { class: 'actions' }, approve, reject),
        decided.el,
      ),
    );
  }

  /** @param {SyncStatus} data */
  function renderRuns(data) {
    const runs = data.runs || [];
    if (!runs.length) {
      replace(runsArea, h('p', { class: 'empty' }, 'No sync has run yet.'));
      return;
    }
    replace(
      runsArea,
      table({
        caption: 'Recent sync runs, newest first',
        captionHidden: true,
        className: 'data compact',
        columns: [
          { label: 'Started', className: 'col-when' },
          { label: 'Status' },
          ...COUNT_KEYS.map((k) => ({ label: COUNT_LABELS[k], className: 'num' })),
          { label: 'Took' },
        ],
        rows: runs.map((run) =>
          h(
            'tr',
            null,
            h(
              'th',
              { scope: 'row', class: 'col-when' },
              formatShortDateTime(run.startedAt),
              h('span', { class: 'muted block' }, [kindLabel(run.kind), triggerLabel(run.trigger)].filter(Boolean).join(' · ')),
            ),
            h(
              'td',
              null,
              h('span', { class: `tag ${STATUS_TAGS[run.status] || ''}` }, STATUS_LABELS[run.status] || run.status),
              run.status === 'held' && run.heldRemovals ? h('span', { class: 'muted block' }, `${plural(run.heldRemovals, 'archive')} on hold`) : null,
              run.error ? h('span', { class: 'muted block' }, typeof run.error === 'string' ? run.error : run.error.code || run.error.message || 'error') : null,
            ),
            ...COUNT_KEYS.map((k) => h('td', { class: 'num' }, String((run.counts && run.counts[k]) ?? 0))),
            h('td', null, run.finishedAt ? formatElapsed(run.startedAt, run.finishedAt) : '—'),
          ),
        ),
      }),
    );
  }

  /** @param {SyncStatus} data */
  function renderRejected(data) {
    const rejected = data.rejected || [];
    if (!rejected.length) {
      replace(rejectedArea, h('p', { class: 'empty' }, 'No rejected records in the recent runs.'));
      return;
    }
    const runStart = new Map((data.runs || []).map((r) => [r.id, r.startedAt]));
    replace(
      rejectedArea,
      h('p', { class: 'hint' }, 'Records Clever sent that Roster could not use. Fix them in the district’s SIS or in Clever; the next sync picks them up.'),
      table({
        caption: 'Rejected records',
        captionHidden: true,
        className: 'data compact',
        columns: [{ label: 'Run started' }, { label: 'Record type' }, { label: 'Clever id' }, { label: 'Reason' }],
        rows: rejected.map((r) =>
          h(
            'tr',
            null,
            h('td', null, runStart.has(r.runId) ? formatShortDateTime(runStart.get(r.runId)) : 'Earlier run'),
            h('td', null, r.recordType || '—'),
            h('td', null, h('code', null, r.cleverId || '—')),
            h('td', null, r.reason || '—'),
          ),
        ),
      }),
    );
  }

  // ---- summary -------------------------------------------------------------------------------------
  async function loadSummary() {
    let summary;
    try {
      summary = await api.summary(districtId);
    } catch (error) {
      if (ctx.isCurrent()) replace(summaryArea, h('p', { class: 'error' }, errorMessage(error)));
      loaded(summaryArea);
      return;
    }
    if (!ctx.isCurrent()) return;
    loaded(summaryArea);
    const roles = ['district_admin', 'school_admin', 'teacher', 'student'];
    const cell = (/** @type {Partial<Record<string, RoleCount>> | undefined} */ byRole, /** @type {string} */ role) => {
      const c = (byRole && byRole[role]) || { active: 0, archived: 0 };
      return h('td', { class: 'num' }, String(c.active ?? 0), c.archived ? h('span', { class: 'muted' }, ` (+${c.archived} archived)`) : null);
    };
    const schools = (summary && summary.schools) || [];
    const totals = summary && summary.totals;
    replace(
      summaryArea,
      table({
        caption: 'Active accounts by school and role (archived in brackets)',
        className: 'data',
        columns: [{ label: 'School' }, ...roles.map((r) => ({ label: `${roleLabel(r)}s`, className: 'num' }))],
        rows: [
          ...schools.map((s) =>
            h('tr', null, h('th', { scope: 'row' }, s.name || ctx.schoolById(s.schoolId)?.name || 'School'), ...roles.map((r) => cell(s.byRole, r))),
          ),
          totals ? h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'District total'), ...roles.map((r) => cell(totals.byRole, r))) : null,
        ],
      }),
    );
  }

  // ---- settings ------------------------------------------------------------------------------------
  async function loadSettings() {
    let settings;
    try {
      settings = await api.settings(districtId);
    } catch {
      // fall back to what the sync status tells (the safeguard only)
      settings = null;
    }
    if (!ctx.isCurrent()) return;
    renderSettings(settings || (data && data.settings) || {});
  }

  /** @param {DistrictSettings} settings */
  function renderSettings(settings) {
    const knownPlacement = typeof settings.placementRequired === 'boolean';
    const placement = h('input', { type: 'checkbox', name: 'placementRequired', checked: Boolean(settings.placementRequired) });
    let placementTouched = false;
    placement.addEventListener('change', () => {
      placementTouched = true;
    });
    const threshold = h('input', {
      type: 'number',
      name: 'safeguardThresholdPercent',
      min: '0',
      max: '100',
      step: '1',
      class: 'short',
      value: settings.safeguardThresholdPercent ?? 25,
    });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save settings');
    const settingsErrors = errorArea();
    const settingsStatus = statusArea();
    const form = h(
      'form',
      { class: 'stack', novalidate: true },
      settingsErrors.el,
      h(
        'div',
        { class: 'field checkbox-field' },
        h('label', null, placement, ' Require a placement result before a student can be enrolled'),
        knownPlacement ? null : h('span', { class: 'hint' }, 'The current value is not reported by the server; it is only changed if you tick or untick it.'),
      ),
      field('Mass-archive safeguard (%)', threshold, 'A full sync that would archive more than this share of active accounts waits for your approval.').wrapper,
      h('div', { class: 'actions' }, save),
      settingsStatus.el,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      settingsErrors.clear();
      settingsStatus.clear();
      threshold.removeAttribute('aria-invalid');
      const pct = Number(threshold.value);
      if (threshold.value.trim() === '' || !Number.isInteger(pct) || pct < 0 || pct > 100) {
        threshold.setAttribute('aria-invalid', 'true');
        settingsErrors.show('The safeguard must be a whole number from 0 to 100.');
        threshold.focus();
        return;
      }
      /** @type {DistrictSettings} */
      const body = { safeguardThresholdPercent: pct };
      if (knownPlacement || placementTouched) body.placementRequired = placement.checked;
      let saved;
      try {
        saved = await busy(save, () => api.updateSettings(districtId, body));
      } catch (error) {
        settingsErrors.show(error);
        return;
      }
      const required = saved && typeof saved.placementRequired === 'boolean' ? saved.placementRequired : body.placementRequired;
      const safeguard = saved && typeof saved.safeguardThresholdPercent === 'number' ? saved.safeguardThresholdPercent : pct;
      settingsStatus.show(
        `Settings saved: a placement is ${required === undefined ? 'required or not as before' : required ? 'required' : 'not required'} before enrolling; the safeguard is ${safeguard} %.`,
      );
    });
    replace(settingsArea, form);
    loaded(settingsArea);
  }

  replace(
    container,
    pageHeader('District sync', syncButton),
    district.name ? h('p', { class: 'meta' }, district.name) : null,
    errors.el,
    syncStatus.el,
    overview,
    heldArea,
    h('section', { class: 'panel', 'aria-labelledby': 'runs-heading' }, h('h2', { id: 'runs-heading' }, 'Recent runs'), runsArea),
    h('section', { class: 'panel', 'aria-labelledby': 'rejected-heading' }, h('h2', { id: 'rejected-heading' }, 'Rejected records'), rejectedArea),
    h('section', { class: 'panel', 'aria-labelledby': 'summary-heading' }, h('h2', { id: 'summary-heading' }, 'Accounts'), summaryArea),
    h('section', { class: 'panel', 'aria-labelledby': 'settings-heading' }, h('h2', { id: 'settings-heading' }, 'Settings'), settingsArea),
  );
  await Promise.all([refresh(), loadSummary()]);
  await loadSettings();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** @type {Readonly<Record<string, string>>} */
const KIND_LABELS = { full: 'Full sync', events: 'Changes', incremental: 'Changes' };
/** @type {Readonly<Record<string, string>>} */
const TRIGGER_LABELS = { manual: 'Sync now', schedule: 'Nightly', scheduled: 'Nightly', nightly: 'Nightly', initial: 'First sync', connect: 'First sync', resync: 'Recovery' };

/** @param {string | undefined} kind */
function kindLabel(kind) {
  return (kind && Object.hasOwn(KIND_LABELS, kind) && KIND_LABELS[kind]) || kind || '';
}

/** @param {string | undefined} trigger */
function triggerLabel(trigger) {
  return (trigger && Object.hasOwn(TRIGGER_LABELS, trigger) && TRIGGER_LABELS[trigger]) || trigger || '';
}
