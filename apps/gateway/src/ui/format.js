// Display helpers: names, roles, dates and plain-language messages for the API's stable codes.

/** @typedef {import('./types.js').PersonName} PersonName */

/**
 * The value of a table's own key (never one inherited from Object.prototype, such as "constructor").
 * @param {Readonly<Record<string, string>>} table
 * @param {unknown} key
 * @returns {string | undefined}
 */
function own(table, key) {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** @type {Readonly<Record<string, string>>} */
export const ROLE_LABELS = {
  district_admin: 'District admin',
  school_admin: 'School admin',
  teacher: 'Teacher',
  student: 'Student',
};

/** Role groups in the order the sign-in list shows them. */
export const ROLE_ORDER = ['district_admin', 'school_admin', 'teacher', 'student'];

/** @param {string} role */
export function roleLabel(role) {
  return own(ROLE_LABELS, role) || role;
}

/**
 * A preferred name as text: the API sends `{first?, middle?, last?}` (a plain string is accepted too).
 * @param {PersonName | string | null | undefined} preferredName
 */
export function preferredText(preferredName) {
  if (!preferredName) return '';
  if (typeof preferredName === 'string') return preferredName.trim();
  return [preferredName.first, preferredName.last].map((x) => (x || '').trim()).filter(Boolean).join(' ');
}

/**
 * "First Last", using the preferred name's parts where there are some. Accepts a name object or a ready string.
 * @param {PersonName | string | null | undefined} name
 * @param {PersonName | string | null} [preferredName]
 */
export function displayName(name, preferredName) {
  if (typeof name === 'string') return name.trim() || 'Unnamed';
  if (!name || typeof name !== 'object') return 'Unnamed';
  /** @type {PersonName} */
  const pref = preferredName && typeof preferredName === 'object' ? preferredName : { first: preferredName };
  const first = ((pref.first || '').trim() || (name.first || '').trim());
  const last = ((pref.last || '').trim() || (name.last || '').trim());
  return [first, last].filter(Boolean).join(' ') || 'Unnamed';
}

/**
 * "Last, First" for sorted lists.
 * @param {PersonName | string | null | undefined} name
 */
export function listName(name) {
  if (typeof name === 'string') return name.trim() || 'Unnamed';
  if (!name || typeof name !== 'object') return 'Unnamed';
  const last = (name.last || '').trim();
  const first = (name.first || '').trim();
  return [last, first].filter(Boolean).join(', ') || 'Unnamed';
}

export const GRADES = [
  'InfantToddler',
  'Preschool',
  'PreKindergarten',
  'TransitionalKindergarten',
  'Kindergarten',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  'PostGraduate',
  'Ungraded',
  'Other',
];

/** @type {Readonly<Record<string, string>>} */
const GRADE_LABELS = {
  InfantToddler: 'Infant/toddler',
  Preschool: 'Preschool',
  PreKindergarten: 'Pre-K',
  TransitionalKindergarten: 'Transitional K',
  Kindergarten: 'Kindergarten',
  PostGraduate: 'Post-graduate',
  Ungraded: 'Ungraded',
  Other: 'Other',
};

/** @param {string | number | null | undefined} grade */
export function gradeLabel(grade) {
  if (grade === undefined || grade === null || grade === '') return '—';
  const label = own(GRADE_LABELS, grade);
  if (label) return label;
  return /^\d+$/.test(String(grade)) ? `Grade ${grade}` : String(grade);
}

/**
 * The grades a school teaches (from its low/high grade), or every grade when unknown.
 * @param {{ lowGrade?: string | null, highGrade?: string | null } | null | undefined} school
 */
export function gradesOf(school) {
  const low = school ? GRADES.indexOf(school.lowGrade ?? '') : -1;
  const high = school ? GRADES.indexOf(school.highGrade ?? '') : -1;
  if (low < 0 || high < low) return GRADES;
  return GRADES.slice(low, high + 1);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

const shortThisYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const shortOtherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** @typedef {string | number | Date | null | undefined} Instant an ISO timestamp (or anything Date accepts) */

/**
 * A compact date and time for tables ("Sep 15, 6:42 PM"; the year only when it is not this year).
 * @param {Instant} value
 */
export function formatShortDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return (d.getFullYear() === new Date().getFullYear() ? shortThisYear : shortOtherYear).format(d);
}

/**
 * The time between two instants, e.g. "2 min".
 * @param {Instant} from
 * @param {Instant} to
 */
export function formatElapsed(from, to) {
  const a = from == null ? NaN : new Date(from).getTime();
  const b = to == null ? NaN : new Date(to).getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return '—';
  return formatDuration((b - a) / 1000);
}

/** @param {Instant} value */
export function formatDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
}

/**
 * A calendar date ("2025-09-15") shown without shifting it into the viewer's time zone.
 * @param {Instant} value
 */
export function formatDate(value) {
  if (!value) return '—';
  const d = new Date(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? String(value) : dateOnly.format(d);
}

/** @param {number | string | null | undefined} seconds */
export function formatDuration(seconds) {
  if (seconds === undefined || seconds === null || Number.isNaN(Number(seconds))) return '—';
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${hrs} h ${m % 60} min`;
  return `${Math.floor(hrs / 24)} days`;
}

/** Today's date in the viewer's time zone as YYYY-MM-DD (for <input type=date>). */
export function todayIso() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * "1 student", "3 students".
 * @param {number} n
 * @param {string} one
 * @param {string} [many]
 */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Plain-language text for the stable problem and result codes. A service's codes are namespaced by the
 * service that owns them (`CLASSES.*`, `IDENTITY.*`, `INGESTION.*`), the authorization policy's refusals
 * by `ACCESS.*`; the HTTP edge's own codes (VALIDATION_FAILED, UNAUTHENTICATED, …) have no namespace.
 * @type {Readonly<Record<string, string>>}
 */
const CODE_MESSAGES = {
  // enrollment results
  'CLASSES.PLACEMENT_REQUIRED': 'Needs a placement result first: this district requires a placement test before enrolling.',
  'CLASSES.STUDENT_NOT_FOUND': 'This student could not be found.',
  'CLASSES.STUDENT_NOT_ACTIVE': 'This student’s account is archived, so they cannot be enrolled.',
  'CLASSES.STUDENT_NOT_IN_SCHOOL': 'This student does not attend the class’s school.',
  'CLASSES.ALREADY_ENROLLED': 'Already enrolled in this class.',
  'CLASSES.COURSE_DIFFERS_FROM_PLACEMENT': 'The class’s course is not the course this student’s placement test recommends.',
  // other problems
  'CLASSES.ENROLLMENT_NOT_FOUND': 'This student is not enrolled in the class any more.',
  'INGESTION.SYNC_ALREADY_RUNNING': 'A sync is already running. Its results will appear below when it finishes.',
  'INGESTION.RUN_NOT_HELD': 'This run is no longer on hold (someone may have decided already).',
  VALIDATION_FAILED: 'Some of the information is not valid.',
  FORBIDDEN: 'You do not have permission to do this.',
  NOT_FOUND: 'This item could not be found (it may have been removed, or it is outside your schools).',
  NETWORK_ERROR: 'The server could not be reached. Check your connection and try again.',
  DEV_LOGIN_DISABLED: 'Demo sign-in is not available on this server.',
  'IDENTITY.ACCOUNT_ARCHIVED': 'This account is archived and cannot sign in.',
  'IDENTITY.ACCOUNT_NOT_FOUND': 'No Roster account matches this user. Your district may not share you with the program in Clever yet.',
  UNAUTHENTICATED: 'Please sign in again.',
  RATE_LIMITED: 'Too many requests in a short time. Wait a moment, then try again.',
  // refusals of the authorization policy (the gateway's and the services')
  'ACCESS.STUDENT_NO_ACCESS': 'Students have no access to the admin pages.',
  'ACCESS.DISTRICT_ADMIN_REQUIRED': 'Only a district admin can do this.',
  'ACCESS.SCHOOL_ADMIN_REQUIRED': 'Only an admin of this school can do this.',
  ORIGIN_NOT_ALLOWED: 'This request was refused because it did not come from the Roster page. Reload the page and try again.',
  'CLASSES.CLASS_ARCHIVED': 'This class is archived and cannot be changed.',
  'CLASSES.SECTION_NOT_FOUND': 'This Clever section is no longer shared with Roster for this school. Choose another section or all students.',
  'CLASSES.AFTER_DAYS_OUT_OF_RANGE': 'Enter a whole number of days from 1 to 365.',
  // sign-in with Clever (GET /?signInError=CODE)
  OAUTH_DENIED: 'Sign-in was cancelled in Clever.',
  OAUTH_STATE_MISMATCH: 'The sign-in took too long or was started in another tab. Please try again.',
  OAUTH_CODE_REJECTED: 'Clever did not confirm the sign-in. Please try again.',
  OAUTH_CODE_REPLAYED: 'This sign-in link was already used. Please sign in again.',
  CLEVER_UNAVAILABLE: 'Clever could not be reached. Please try again in a moment.',
  CLEVER_UNEXPECTED_ANSWER: 'Clever answered in an unexpected way. Please try again in a moment.',
  SERVICE_UNAVAILABLE: 'Roster is not fully available right now. Please try again in a moment.',
};

/** Codes the screens act on (not only show). */
export const CODES = Object.freeze({
  PLACEMENT_REQUIRED: 'CLASSES.PLACEMENT_REQUIRED',
  ENROLLMENT_NOT_FOUND: 'CLASSES.ENROLLMENT_NOT_FOUND',
  SYNC_ALREADY_RUNNING: 'INGESTION.SYNC_ALREADY_RUNNING',
  RUN_NOT_HELD: 'INGESTION.RUN_NOT_HELD',
});

/**
 * @param {string | null | undefined} code
 * @param {string} [fallback] shown for a code without a message
 */
export function codeMessage(code, fallback) {
  return own(CODE_MESSAGES, code) || fallback || (code ? `Not done (${code}).` : 'Something went wrong.');
}

/**
 * A readable sentence for an ApiError (or any error).
 * @param {unknown} error
 */
export function errorMessage(error) {
  if (!error) return 'Something went wrong.';
  /** @type {{ code?: unknown, status?: unknown, errors?: import('./types.js').FieldError[], detail?: string, title?: string, message?: string }} */
  const e = typeof error === 'object' ? error : {};
  const base = own(CODE_MESSAGES, e.code);
  if (base) {
    if (e.code === 'VALIDATION_FAILED' && e.errors && e.errors.length) {
      return `${base} ${e.errors.map((x) => `${fieldName(x.path)}: ${x.message}`).join('; ')}.`;
    }
    return base;
  }
  if (e.status === 403) return CODE_MESSAGES.FORBIDDEN;
  if (e.status === 404) return CODE_MESSAGES.NOT_FOUND;
  if (typeof e.status === 'number' && e.status >= 500) return 'The server had a problem. Please try again in a moment.';
  return e.detail || e.title || e.message || 'Something went wrong.';
}

/**
 * "schoolId" → "school id": the last segment of a field path, as words.
 * @param {string | undefined} path
 */
function fieldName(path) {
  const last = String(path || '').split('.').pop();
  return last ? last.replace(/([A-Z])/g, ' $1').toLowerCase() : 'field';
}
