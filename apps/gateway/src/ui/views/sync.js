// District sync (district admins): connection, last full sync, events cursor age, "Sync now", "Preview changes"
// (a dry run that changes nothing), runs with counts, the change lists of preview and held runs (whom a held run
// would archive, before approving), rejected records (ids only), held-run approval, account summary per school,
// and settings (the safeguard per role).

import { h, replace, field, busy, announce, table, confirmDialog } from '../dom.js';
import { formatDateTime, formatShortDateTime, formatElapsed, formatDuration, plural, errorMessage, roleLabel, CODES } from '../format.js';
import { ApiError } from '../api.js';
import { errorArea, statusArea, pageHeader, loading } from './common.js';

/** @typedef {import('../types.js').SyncStatus} SyncStatus */
/** @typedef {import('../types.js').SyncRun} SyncRun */
/** @typedef {import('../types.js').DistrictSettings} DistrictSettings */
/** @typedef {import('../types.js').RoleCount} RoleCount */
/** @typedef {import('../types.js').SyncChange} SyncChange */
/** @typedef {import('../types.js').HoldReason} HoldReason */

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
/** The kinds of change a change list shows, in this order. */
const CHANGE_KINDS = /** @type {const} */ (['created', 'updated', 'archived', 'restored', 'rejected']);
/** @type {Readonly<Record<string, string>>} */
const CHANGE_LABELS = { created: 'New', updated: 'Changed', archived: 'Archived', restored: 'Restored', rejected: 'Rejected' };
/** @type {Readonly<Record<string, string>>} */
const SAFEGUARD_ROLE_LABELS = { all: 'the whole district', students: 'students', teachers: 'teachers', staff: 'staff and administrators' };
const CHANGES_PAGE = 50;

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
  const previewButton = h('button', { type: 'button', class: 'secondary' }, 'Preview changes');
  // Regions are aria-busy until their first answer (or error) arrives.
  const overview = h('div', { class: 'overview', 'aria-busy': 'true' }, loading('Loading the sync status…'));
  const heldArea = h('div');
  const runsArea = h('div', { class: 'list-area', 'aria-busy': 'true' });
  const rejectedArea = h('div', { class: 'list-area', 'aria-busy': 'true' });
  const summaryArea = h('div', { class: 'list-area', 'aria-busy': 'true' }, loading('Loading accounts…'));
  const settingsArea = h('div', { 'aria-busy': 'true' });
  // The change list of a preview (or held) run the admin opened from the runs table.
  const changesArea = h('div');
  /** @type {string | null} */
  let changesRunShown = null;
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

  previewButton.addEventListener('click', async () => {
    errors.clear();
    syncStatus.clear();
    try {
      await busy(previewButton, () => api.previewSync(districtId));
      syncStatus.show('Preview started: Roster reads everything Clever shares and changes nothing. Its changes appear in the runs below when it finishes.');
    } catch (error) {
      if (error instanceof ApiError && error.code === CODES.SYNC_ALREADY_RUNNING) syncStatus.show('A preview is already running. Its changes appear below when it finishes.');
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
        // The "Preview started" note would outlive the preview: it says what it found instead (a status region: announced).
        if (run.mode === 'preview' && run.status === 'completed') {
          syncStatus.show(`Preview finished: a sync now would create ${c.created ?? 0}, update ${c.updated ?? 0}, restore ${c.restored ?? 0} and archive ${c.archived ?? 0} records. “Show changes” in its row lists them.`);
          continue;
        }
        announce(
          run.mode === 'preview'
            ? `Preview ${STATUS_LABELS[run.status]?.toLowerCase() || run.status}.`
            : `Sync ${STATUS_LABELS[run.status] ? STATUS_LABELS[run.status].toLowerCase() : run.status}: ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.archived ?? 0} archived, ${c.rejected ?? 0} rejected.`,
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
          '. ',
          heldReasonText(held.runId, held.thresholdPercent),
          ' Its other changes are applied; the archives are on hold.',
        ),
        h('p', null, 'This often means a sharing change in Clever. Approve only if these people really left.'),
        h('h3', { id: 'held-changes-heading' }, 'Who would be archived'),
        changeList(held.runId, ['archived'], { archived: held.removals }, 'held-changes-heading'),
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
              h('span', { class: 'muted block' }, run.mode === 'preview' ? 'Preview · changes nothing' : [kindLabel(run.kind), triggerLabel(run.trigger)].filter(Boolean).join(' · ')),
            ),
            h(
              'td',
              null,
              h('span', { class: `tag ${STATUS_TAGS[run.status] || ''}` }, STATUS_LABELS[run.status] || run.status),
              run.status === 'held' && run.heldRemovals ? h('span', { class: 'muted block' }, `${plural(run.heldRemovals, 'archive')} on hold`) : null,
              run.error ? h('span', { class: 'muted block' }, typeof run.error === 'string' ? run.error : run.error.code || run.error.message || 'error') : null,
              run.mode === 'preview' && run.holdReasons && run.holdReasons.length
                ? h('span', { class: 'muted block' }, `A sync would be held for ${run.holdReasons.map((r) => SAFEGUARD_ROLE_LABELS[r.role] || r.role).join(' and ')}`)
                : null,
              run.mode === 'preview' && run.status === 'completed' ? showChangesButton(run) : null,
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

  // ---- change lists --------------------------------------------------------------------------------
  /** The safeguard's reason for a held run, from the run in the status (its holdReasons), in words. */
  function heldReasonText(/** @type {string} */ runId, /** @type {number | undefined} */ fallbackPct) {
    const run = (data?.runs || []).find((r) => r.id === runId);
    const reasons = (run && run.holdReasons) || [];
    if (!reasons.length) return `That is more than the safeguard of ${fallbackPct ?? 25} %.`;
    return reasons
      .map((r) =>
        r.role === 'all'
          ? `That is more than the district’s safeguard of ${r.thresholdPercent} %.`
          : `It is held for ${SAFEGUARD_ROLE_LABELS[r.role] || r.role}: ${r.removals} of ${r.activeAccounts} (${pctOf(r.removals, r.activeAccounts)} %), more than their safeguard of ${r.thresholdPercent} %.`,
      )
      .join(' ');
  }

  /** @param {SyncRun} run */
  function showChangesButton(run) {
    const button = h('button', { type: 'button', class: 'link-button', 'aria-expanded': String(changesRunShown === run.id) }, 'Show changes');
    button.addEventListener('click', () => {
      changesRunShown = changesRunShown === run.id ? null : run.id;
      button.setAttribute('aria-expanded', String(changesRunShown === run.id));
      if (!changesRunShown) {
        replace(changesArea);
        return;
      }
      replace(
        changesArea,
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'changes-heading' },
          h('h2', { id: 'changes-heading', tabindex: '-1' }, `What a sync would change (preview of ${formatShortDateTime(run.startedAt)})`),
          h('p', { class: 'hint' }, 'Nothing was changed. A sync now would do this, unless Clever changes in between.'),
          changeList(run.id, CHANGE_KINDS, run.counts || {}, 'changes-heading'),
        ),
      );
      const heading = changesArea.querySelector('h2');
      if (heading instanceof HTMLElement) heading.focus();
    });
    return button;
  }

  /**
   * A run's change list, one kind at a time (a kind picker when there are several), paged with "Show more".
   * @param {string} runId
   * @param {readonly string[]} kinds
   * @param {Partial<Record<string, number>>} counts
   * @param {string} labelledBy
   */
  function changeList(runId, kinds, counts, labelledBy) {
    const area = h('div', { class: 'list-area', 'aria-busy': 'true' });
    const listErrors = errorArea();
    let kind = kinds.find((k) => (counts[k] ?? 0) > 0) || kinds[0];
    const picker =
      kinds.length > 1
        ? h(
            'div',
            { class: 'actions', role: 'group', 'aria-label': 'Kind of change' },
            ...kinds.map((k) => {
              const b = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(k === kind), 'data-kind': k }, `${CHANGE_LABELS[k] || k} (${counts[k] ?? 0})`);
              b.addEventListener('click', () => {
                kind = k;
                for (const other of picker?.querySelectorAll('button') || []) other.setAttribute('aria-pressed', String(other.getAttribute('data-kind') === k));
                void load(null, true);
              });
              return b;
            }),
          )
        : null;
    /** @type {HTMLElement | null} */
    let body = null;
    const more = h('button', { type: 'button', class: 'secondary' }, 'Show more');
    /** @type {string | null} */
    let next = null;
    more.addEventListener('click', () => void load(next, false));

    /**
     * @param {string | null} cursor
     * @param {boolean} fresh
     */
    async function load(cursor, fresh) {
      listErrors.clear();
      area.setAttribute('aria-busy', 'true');
      let page;
      try {
        page = await api.syncChanges(districtId, runId, { kind, limit: CHANGES_PAGE, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        area.removeAttribute('aria-busy');
        listErrors.show(error);
        return;
      }
      if (!ctx.isCurrent()) return;
      area.removeAttribute('aria-busy');
      const items = (page && page.data) || [];
      next = (page && page.nextCursor) || null;
      if (fresh || !body) {
        body = h('tbody');
        replace(
          area,
          items.length
            ? h(
                'div',
                { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': labelledBy },
                h(
                  'table',
                  { class: 'data compact changes' },
                  h('caption', { class: 'visually-hidden' }, `${CHANGE_LABELS[kind] || kind} records`),
                  h(
                    'thead',
                    null,
                    h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role or type'), h('th', { scope: 'col' }, 'School'), h('th', { scope: 'col' }, 'Clever id')),
                  ),
                  body,
                ),
              )
            : h('p', { class: 'empty' }, `No ${(CHANGE_LABELS[kind] || kind).toLowerCase()} records.`),
          next ? more : null,
        );
      } else if (!next) more.remove();
      for (const c of items) body?.append(changeRow(c));
    }
    void load(null, true);
    return h('div', { class: 'changes' }, picker, listErrors.el, area);
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
    const roles = settings.safeguardThresholds || {};
    const roleInput = (/** @type {'students' | 'teachers' | 'staff'} */ role, /** @type {number} */ fallback) =>
      h('input', { type: 'number', name: `safeguard-${role}`, min: '0', max: '100', step: '1', class: 'short', value: roles[role] ?? fallback });
    const perRole = { students: roleInput('students', 25), teachers: roleInput('teachers', 25), staff: roleInput('staff', 10) };
    const minimum = h('input', { type: 'number', name: 'safeguardMinimumCount', min: '0', step: '1', class: 'short', value: settings.safeguardMinimumCount ?? 10 });
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
      field('Safeguard for students (%)', perRole.students, 'A sync that would archive more than this share of the students waits for your approval.').wrapper,
      field('Safeguard for teachers (%)', perRole.teachers, 'The same, for teachers.').wrapper,
      field('Safeguard for staff and administrators (%)', perRole.staff, 'The same, for school staff and district administrators.').wrapper,
      field('Fewest archives that may hold a sync', minimum, 'A role never holds a sync when fewer of its accounts than this would be archived.').wrapper,
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
      /** @type {Partial<Record<'students' | 'teachers' | 'staff', number>>} */
      const thresholds = {};
      for (const [role, input] of /** @type {[ 'students' | 'teachers' | 'staff', HTMLInputElement][]} */ (Object.entries(perRole))) {
        input.removeAttribute('aria-invalid');
        const v = Number(input.value);
        if (input.value.trim() === '' || !Number.isInteger(v) || v < 0 || v > 100) {
          input.setAttribute('aria-invalid', 'true');
          settingsErrors.show('Each safeguard must be a whole number from 0 to 100.');
          input.focus();
          return;
        }
        thresholds[role] = v;
      }
      const min = Number(minimum.value);
      minimum.removeAttribute('aria-invalid');
      if (minimum.value.trim() === '' || !Number.isInteger(min) || min < 0) {
        minimum.setAttribute('aria-invalid', 'true');
        settingsErrors.show('The fewest archives must be a whole number, 0 or more.');
        minimum.focus();
        return;
      }
      /** @type {DistrictSettings} */
      const body = { safeguardThresholdPercent: pct, safeguardThresholds: thresholds, safeguardMinimumCount: min };
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
    pageHeader('District sync', previewButton, syncButton),
    district.name ? h('p', { class: 'meta' }, district.name) : null,
    errors.el,
    syncStatus.el,
    overview,
    heldArea,
    h('section', { class: 'panel', 'aria-labelledby': 'runs-heading' }, h('h2', { id: 'runs-heading' }, 'Recent runs'), runsArea),
    changesArea,
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

/**
 * @param {number} part
 * @param {number} whole
 */
function pctOf(part, whole) {
  return whole ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** @param {SyncChange} c */
function changeRow(c) {
  const what = c.role ? roleLabel(c.role) : c.recordType;
  return h(
    'tr',
    null,
    h('th', { scope: 'row' }, c.displayName || (c.kind === 'rejected' ? `Rejected: ${c.reason || 'unknown reason'}` : '—')),
    h('td', null, what || '—'),
    h('td', null, c.schoolName || (c.schoolCleverId ? h('code', null, c.schoolCleverId) : '—')),
    h('td', null, h('code', null, c.cleverId || '—')),
  );
}
