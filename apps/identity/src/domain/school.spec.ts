import { foldSchool, placeholderSchool, schoolDetails, type SchoolEvent } from './school';
import { foldDistrict, placeholderDistrict } from './district';

const district = { districtId: 'district-1', cleverDistrictId: 'cd1' };
const up = (version: number, name = 'Lincoln'): SchoolEvent<null> => ({ kind: 'upserted', version, details: schoolDetails({ name, lowGrade: 'K' }, district), meta: null });
const removed = (version: number): SchoolEvent<null> => ({ kind: 'removed', version, meta: null });
const ctx = { now: '2025-01-01T00:00:00.000Z' };

describe('foldSchool', () => {
  const placeholder = placeholderSchool('school-1', 'cs1', district);

  it('fills a placeholder and publishes it once', () => {
    const r = foldSchool(placeholder, [up(1), up(2)], ctx);
    expect(r.changes.map((c) => c.type)).toEqual(['upserted']);
    expect(r.school).toMatchObject({ name: 'Lincoln', lowGrade: 'K', version: 1, sourceVersion: 2, status: 'active' });
  });

  it('publishes a visible change and a removal; a re-share upserts it again', () => {
    const filled = foldSchool(placeholder, [up(1)], ctx).school;
    const r = foldSchool(filled, [up(2, 'Lincoln Elementary'), removed(3), removed(4), up(5, 'Lincoln Elementary')], ctx);
    expect(r.changes.map((c) => [c.type, c.school.version, c.school.status])).toEqual([
      ['upserted', 2, 'active'],
      ['removed', 3, 'removed'],
      ['upserted', 4, 'active'],
    ]);
  });

  it('ignores stale events and does not publish a removed placeholder', () => {
    const filled = foldSchool(placeholder, [up(3)], ctx).school;
    expect(foldSchool(filled, [up(2, 'Old'), removed(3)], ctx)).toEqual({ school: filled, changes: [], dirty: false });
    const r = foldSchool(placeholder, [removed(1)], ctx);
    expect(r.changes).toEqual([]);
    expect(r.school).toMatchObject({ status: 'removed', name: null, version: 0 });
  });
});

describe('foldDistrict', () => {
  it('records the connection status and deletes nothing', () => {
    const d0 = placeholderDistrict('district-1', 'cd1');
    const r = foldDistrict(d0, [{ kind: 'upserted', version: 1, name: 'Maple' }, { kind: 'disconnected', version: 2, reason: 'token_revoked' }], ctx);
    expect(r.district).toMatchObject({ name: 'Maple', connection: 'disconnected', disconnectedReason: 'token_revoked', sourceVersion: 2 });
    const back = foldDistrict(r.district, [{ kind: 'disconnected', version: 1, reason: 'token_missing' }, { kind: 'upserted', version: 3, name: 'Maple' }], ctx);
    expect(back.district).toMatchObject({ connection: 'connected', disconnectedReason: null, sourceVersion: 3 });
  });
});
