// Unit tests of the UI's display helpers (plain functions: no DOM).
import { describe, expect, it } from '@jest/globals';
import {
  CODES,
  codeMessage,
  displayName,
  errorMessage,
  formatDate,
  formatDateTime,
  formatDuration,
  formatElapsed,
  formatShortDateTime,
  GRADES,
  gradeLabel,
  gradesOf,
  listName,
  plural,
  preferredText,
  roleLabel,
  todayIso,
} from './format.js';
import { ApiError } from './api.js';

describe('names and roles', () => {
  it('labels the known roles and shows an unknown one as it is', () => {
    expect(roleLabel('district_admin')).toBe('District admin');
    expect(roleLabel('teacher')).toBe('Teacher');
    expect(roleLabel('janitor')).toBe('janitor');
    expect(roleLabel('constructor')).toBe('constructor');
  });

  it('shows "First Last", preferring the preferred name part by part', () => {
    expect(displayName({ first: 'Robert', last: 'Smith' })).toBe('Robert Smith');
    expect(displayName({ first: 'Robert', last: 'Smith' }, { first: 'Bob' })).toBe('Bob Smith');
    expect(displayName({ first: 'Robert', last: 'Smith' }, 'Bobby')).toBe('Bobby Smith');
    expect(displayName({ first: '  ', last: ' ' })).toBe('Unnamed');
    expect(displayName('  Ready Made ')).toBe('Ready Made');
    expect(displayName(null)).toBe('Unnamed');
  });

  it('shows "Last, First" for sorted lists', () => {
    expect(listName({ first: 'Ana', last: 'Lopez' })).toBe('Lopez, Ana');
    expect(listName({ first: 'Ana' })).toBe('Ana');
    expect(listName(undefined)).toBe('Unnamed');
  });

  it('writes a preferred name object or string as text', () => {
    expect(preferredText({ first: ' Bo ', middle: 'X', last: 'Li' })).toBe('Bo Li');
    expect(preferredText(' Bo ')).toBe('Bo');
    expect(preferredText(null)).toBe('');
  });
});

describe('grades', () => {
  it('labels grades', () => {
    expect(gradeLabel('3')).toBe('Grade 3');
    expect(gradeLabel(3)).toBe('Grade 3');
    expect(gradeLabel('Kindergarten')).toBe('Kindergarten');
    expect(gradeLabel('PreKindergarten')).toBe('Pre-K');
    expect(gradeLabel('Unknown')).toBe('Unknown');
    expect(gradeLabel('')).toBe('—');
    expect(gradeLabel(null)).toBe('—');
  });

  it("lists a school's grades from its low to its high grade, or every grade when unknown", () => {
    expect(gradesOf({ lowGrade: 'Kindergarten', highGrade: '2' })).toEqual(['Kindergarten', '1', '2']);
    expect(gradesOf({ lowGrade: '5', highGrade: '3' })).toBe(GRADES);
    expect(gradesOf({ lowGrade: null, highGrade: '3' })).toBe(GRADES);
    expect(gradesOf(null)).toBe(GRADES);
  });
});

describe('dates and durations', () => {
  it('shows a calendar date without shifting it into the viewer’s time zone', () => {
    const utcDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
    expect(formatDate('2025-09-15')).toBe(utcDay.format(Date.UTC(2025, 8, 15)));
    expect(formatDate('')).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('shows instants, and what it cannot read as it is', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('garbage')).toBe('garbage');
    expect(formatDateTime('2025-09-15T18:42:00Z')).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2025-09-15T18:42:00Z')),
    );
    expect(formatShortDateTime(undefined)).toBe('—');
    expect(formatShortDateTime('garbage')).toBe('garbage');
    // the year is shown only for another year
    expect(formatShortDateTime('1999-01-02T03:04:00Z')).toContain('1999');
    expect(formatShortDateTime(new Date().toISOString())).not.toContain(String(new Date().getFullYear()));
  });

  it('writes durations in the largest useful unit', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration('3600')).toBe('1 h 0 min');
    expect(formatDuration(47 * 3600 + 59 * 60)).toBe('47 h 59 min');
    expect(formatDuration(3 * 86400)).toBe('3 days');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration('x')).toBe('—');
  });

  it('writes the time between two instants', () => {
    expect(formatElapsed('2025-01-01T00:00:00Z', '2025-01-01T00:02:30Z')).toBe('2 min');
    expect(formatElapsed('2025-01-01T00:00:00Z', '2025-01-01T00:00:42Z')).toBe('42 s');
    // a missing instant is not the epoch
    expect(formatElapsed(null, '2025-01-01T00:00:00Z')).toBe('—');
    expect(formatElapsed('2025-01-01T00:00:00Z', null)).toBe('—');
    expect(formatElapsed('x', '2025-01-01T00:00:00Z')).toBe('—');
  });

  it("gives today's local date as YYYY-MM-DD", () => {
    const d = new Date();
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todayIso()).toBe(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
  });

  it('counts', () => {
    expect(plural(1, 'student')).toBe('1 student');
    expect(plural(0, 'student')).toBe('0 students');
    expect(plural(2, 'class', 'classes')).toBe('2 classes');
  });
});

describe('codes', () => {
  it('has a plain-language message for the namespaced codes the services answer', () => {
    expect(codeMessage('CLASSES.PLACEMENT_REQUIRED')).toMatch(/^Needs a placement result first/);
    expect(codeMessage('CLASSES.ALREADY_ENROLLED')).toBe('Already enrolled in this class.');
    expect(codeMessage('CLASSES.COURSE_DIFFERS_FROM_PLACEMENT')).toMatch(/placement test recommends/);
    expect(codeMessage('INGESTION.RUN_NOT_HELD')).toMatch(/no longer on hold/);
    expect(codeMessage('IDENTITY.ACCOUNT_NOT_FOUND')).toMatch(/^No Roster account matches this user/);
    expect(codeMessage('ACCESS.DISTRICT_ADMIN_REQUIRED')).toBe('Only a district admin can do this.');
    // the HTTP edge's own codes have no namespace
    expect(codeMessage('RATE_LIMITED')).toMatch(/Too many requests/);
  });

  it('names every code a screen acts on, with a message', () => {
    for (const code of Object.values(CODES)) {
      expect(code).toMatch(/^[A-Z]+\.[A-Z_]+$/);
      expect(codeMessage(code, 'none')).not.toBe('none');
    }
  });

  it('falls back for unknown codes, and never reads inherited keys', () => {
    expect(codeMessage('SOMETHING_NEW')).toBe('Not done (SOMETHING_NEW).');
    expect(codeMessage('SOMETHING_NEW', 'please try again.')).toBe('please try again.');
    expect(codeMessage(undefined)).toBe('Something went wrong.');
    expect(codeMessage('constructor')).toBe('Not done (constructor).');
  });
});

describe('errorMessage', () => {
  it('uses the message of a known code', () => {
    expect(errorMessage(new ApiError(409, { code: 'INGESTION.SYNC_ALREADY_RUNNING', title: 'Conflict' }))).toMatch(/^A sync is already running/);
  });

  it('lists the fields of a validation problem', () => {
    const error = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      errors: [
        { path: 'body.safeguardThresholdPercent', message: 'must be at most 100' },
        { path: 'name', message: 'required' },
      ],
    });
    expect(errorMessage(error)).toBe('Some of the information is not valid. safeguard threshold percent: must be at most 100; name: required.');
  });

  it('falls back on the status, then on the problem text', () => {
    expect(errorMessage(new ApiError(403, { code: 'ACCESS.SOMETHING_ELSE' }))).toBe('You do not have permission to do this.');
    expect(errorMessage(new ApiError(404, { code: 'CLASSES.CLASS_NOT_FOUND' }))).toMatch(/^This item could not be found/);
    expect(errorMessage(new ApiError(502, { code: 'UPSTREAM_ERROR', detail: 'x' }))).toBe('The server had a problem. Please try again in a moment.');
    expect(errorMessage(new ApiError(409, { code: 'CLASSES.SOMETHING', detail: 'The detail.' }))).toBe('The detail.');
    expect(errorMessage(new ApiError(0, { title: 'Offline' }))).toBe('The server could not be reached. Check your connection and try again.');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('a string')).toBe('Something went wrong.');
    expect(errorMessage(null)).toBe('Something went wrong.');
  });
});
