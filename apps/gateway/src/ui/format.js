// Display helpers: names, roles, dates and plain-language messages for the API's stable codes.

export const ROLE_LABELS = {
  district_admin: 'District admin',
  school_admin: 'School admin',
  teacher: 'Teacher',
  student: 'Student',
};

/** Role groups in the order the sign-in list shows them. */
export const ROLE_ORDER = ['district_admin', 'school_admin', 'teacher', 'student'];

export function roleLabel(role) {
  return ROLE_LABELS[role] || role;
}

/** A preferred name as text: the API sends `{first?, middle?, last?}` (a plain string is accepted too). */
export function preferredText(preferredName) {
  if (!preferredName) return '';
  if (typeof preferredName === 'string') return preferredName.trim();
  return [preferredName.first, preferredName.last].map((x) => (x || '').trim()).filter(Boolean).join(' ');
}

/** "First Last", using the preferred name's parts where there are some. Accepts a name object or a ready string. */
export function displayName(name, preferredName) {
  if (typeof name === 'string') return name.trim() || 'Unnamed';
  if (!name || typeof name !== 'object') return 'Unnamed';
  const pref = preferredName && typeof preferredName === 'object' ? preferredName : { first: preferredName };
  const first = ((pref.first || '').trim() || (name.first || '').trim());
  const last = ((pref.last || '').trim() || (name.last || '').trim());
  return [first, last].filter(Boolean).join(' ') || 'Unnamed';
}

/** "Last, First" for sorted lists. */
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

export function gradeLabel(grade) {
  if (grade === undefined || grade === null || grade === '') return '—';
  if (GRADE_LABELS[grade]) return GRADE_LABELS[grade];
  return /^\d+$/.test(String(grade)) ? `Grade ${grade}` : String(grade);
}

/** The grades a school teaches (from its low/high grade), or every grade when unknown. */
export function gradesOf(school) {
  const low = school ? GRADES.indexOf(school.lowGrade) : -1;
  const high = school ? GRADES.indexOf(school.highGrade) : -1;
  if (low < 0 || high < low) return GRADES;
  return GRADES.slice(low, high + 1);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

const shortThisYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const shortOtherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** A compact date and time for tables ("Sep 15, 6:42 PM"; the year only when it is not this year). */
export function formatShortDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return (d.getFullYear() === new Date().getFullYear() ? shortThisYear : shortOtherYear).format(d);
}

/** The time between two instants, e.g. "2 min". */
export function formatElapsed(from, to) {
  const a = new Date(from).getTime();
  const b = new Date(to).getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return '—';
  return formatDuration((b - a) / 1000);
}

export function formatDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
}

/** A calendar date ("2025-09-15") shown without shifting it into the viewer's time zone. */
export function formatDate(value) {
  if (!value) return '—';
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? String(value) : dateOnly.format(d);
}

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
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Plain-language text for the stable problem and result codes. */
const CODE_MESSAGES = {
  // enrollment results
  PLACEMENT_REQUIRED: 'Needs a placement result first: this district requires a placement test before enrolling.',
  STUDENT_NOT_FOUND: 'This student could not be found.',
  STUDENT_NOT_ACTIVE: 'This student’s account is archived, so they cannot be enrolled.',
  STUDENT_NOT_IN_SCHOOL: 'This student does not attend the class’s school.',
  ALREADY_ENROLLED: 'Already enrolled in this class.',
  COURSE_DIFFERS_FROM_PLACEMENT: 'The class’s course is not the course this student’s placement test recommends.',
  // other problems
  ENROLLMENT_NOT_FOUND: 'This student is not enrolled in the class any more.',
  SYNC_ALREADY_RUNNING: 'A sync is already running. Its results will appear below when it finishes.',
  RUN_NOT_HELD: 'This run is no longer on hold (someone may have decided already).',
  VALIDATION_FAILED: 'Some of the information is not valid.',
  FORBIDDEN: 'You do not have permission to do this.',
  NOT_FOUND: 'This item could not be found (it may have been removed, or it is outside your schools).',
  NETWORK_ERROR: 'The server could not be reached. Check your connection and try again.',
  DEV_LOGIN_DISABLED: 'Demo sign-in is not available on this server.',
  ACCOUNT_ARCHIVED: 'This account is archived and cannot sign in.',
  ACCOUNT_NOT_FOUND: 'No Roster account matches this user. Your district may not share you with the program in Clever yet.',
  UNAUTHENTICATED: 'Please sign in again.',
  RATE_LIMITED: 'Too many requests in a short time. Wait a moment, then try again.',
  STUDENT_NO_ACCESS: 'Students have no access to the admin pages.',
  DISTRICT_ADMIN_REQUIRED: 'Only a district admin can do this.',
  SCHOOL_ADMIN_REQUIRED: 'Only an admin of this school can do this.',
  ORIGIN_NOT_ALLOWED: 'This request was refused because it did not come from the Roster page. Reload the page and try again.',
  CLASS_ARCHIVED: 'This class is archived and cannot be changed.',
  // sign-in with Clever (GET /?signInError=CODE)
  OAUTH_DENIED: 'Sign-in was cancelled in Clever.',
  OAUTH_STATE_MISMATCH: 'The sign-in took too long or was started in another tab. Please try again.',
  OAUTH_CODE_REJECTED: 'Clever did not confirm the sign-in. Please try again.',
  CLEVER_UNAVAILABLE: 'Clever could not be reached. Please try again in a moment.',
  CLEVER_UNEXPECTED_ANSWER: 'Clever answered in an unexpected way. Please try again in a moment.',
  SERVICE_UNAVAILABLE: 'Roster is not fully available right now. Please try again in a moment.',
};

export function codeMessage(code, fallback) {
  return CODE_MESSAGES[code] || fallback || (code ? `Not done (${code}).` : 'Something went wrong.');
}

/** A readable sentence for an ApiError (or any error). */
export function errorMessage(error) {
  if (!error) return 'Something went wrong.';
  if (error.code && CODE_MESSAGES[error.code]) {
    const base = CODE_MESSAGES[error.code];
    if (error.code === 'VALIDATION_FAILED' && error.errors && error.errors.length) {
      return `${base} ${error.errors.map((e) => `${fieldName(e.path)}: ${e.message}`).join('; ')}.`;
    }
    return base;
  }
  if (error.status === 403) return CODE_MESSAGES.FORBIDDEN;
  if (error.status === 404) return CODE_MESSAGES.NOT_FOUND;
  if (error.status >= 500) return 'The server had a problem. Please try again in a moment.';
  return error.detail || error.title || error.message || 'Something went wrong.';
}

function fieldName(path) {
  const last = String(path || '').split('.').pop();
  return last ? last.replace(/([A-Z])/g, ' $1').toLowerCase() : 'field';
}
