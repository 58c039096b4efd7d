import { applyClassPatch, initialTeachers, needsTeacher, type ClassSnapshot } from './class-rules';

const current: ClassSnapshot = { name: 'Robins', courseId: 'spire-1', teacherIds: ['a', 'b'], needsTeacher: false };

describe('class rules', () => {
  it('lists the creating teacher among the teachers of a new class, once', () => {
    expect(initialTeachers(['b', 'a'], 'a')).toEqual(['a', 'b']);
    expect(initialTeachers(['b'], 'c')).toEqual(['b', 'c']);
    expect(initialTeachers([], undefined)).toEqual([]);
    expect(needsTeacher([])).toBe(true);
    expect(needsTeacher(['a'])).toBe(false);
  });

  it('reports only the fields that changed', () => {
    expect(applyClassPatch(current, { name: 'Robins' }).changed).toEqual([]);
    expect(applyClassPatch(current, { name: 'Jays', courseId: 'spire-1' }).changed).toEqual(['name']);
    expect(applyClassPatch(current, { courseId: null })).toMatchObject({ changed: ['courseId'], next: { courseId: null } });
    expect(applyClassPatch(current, { addTeacherIds: ['a'], removeTeacherIds: ['z'] }).changed).toEqual([]);
  });

  it('adds and removes teachers and flags the class when none is left', () => {
    const added = applyClassPatch(current, { addTeacherIds: ['c', 'c'] });
    expect(added).toMatchObject({ changed: ['teacherIds'], added: ['c'], removed: [], next: { teacherIds: ['a', 'b', 'c'] } });
    const emptied = applyClassPatch(current, { removeTeacherIds: ['a', 'b'] });
    expect(emptied).toMatchObject({ changed: ['teacherIds', 'needsTeacher'], removed: ['a', 'b'], next: { teacherIds: [], needsTeacher: true } });
    const staffed = applyClassPatch(emptied.next, { addTeacherIds: ['d'] });
    expect(staffed).toMatchObject({ changed: ['teacherIds', 'needsTeacher'], next: { teacherIds: ['d'], needsTeacher: false } });
  });
});
