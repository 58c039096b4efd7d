import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ContractError,
  Events,
  buildEnvelope,
  envelopeHeaders,
  eventDefinition,
  eventsOfTopic,
  isEvent,
  parseEnvelope,
  Topics,
  type Envelope,
} from './index';

function fixture(type: string): Record<string, any> {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${type}.json`), 'utf8'));
}

function contractError(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError);
    return e as ContractError;
  }
  throw new Error('expected a ContractError, nothing was thrown');
}

const cleverDistrict = '5f8d0c1b2a3e4f5061728394';
const cleverSchool = '5f8d0c1b2a3e4f50617283a1';
const cleverStudent = '5f8d0c1b2a3e4f5061728c21';

/** A student as Clever sends it, demographics included (they must never leave clever-ingestion). */
function cleverStudentWithDemographics() {
  return {
    cleverUserId: cleverStudent,
    cleverDistrictId: cleverDistrict,
    name: { first: 'Jaylen', middle: 'Marcus', last: 'Brooks' },
    email: 'jbrooks118204@students.maplegrove.k12.ca.us',
    dob: '3/14/2016',
    gender: 'M',
    race: 'Black or African American',
    roles: {
      student: {
        school: cleverSchool,
        schools: [cleverSchool],
        sis_id: 'S-118204',
        studentNumber: '118204',
        grade: '3',
        dob: '3/14/2016',
        race: 'Black or African American',
        hispanic_ethnicity: 'N',
        ell_status: 'Y',
        iep_status: 'Y',
        frl_status: 'Free',
        section_504_status: 'N',
        disability_status: 'Y',
        home_language: 'Spanish',
        gifted_status: 'N',
        legacy_id: '0001',
      },
    },
  };
}

const base = { id: 'sync:run-1:obj-1:abc', source: 'clever-ingestion', subject: cleverStudent, districtId: cleverDistrict, version: 1 };

describe('buildEnvelope', () => {
  it('strips every field outside the contract, at any depth (demographics never travel)', () => {
    const env = buildEnvelope(Events.userUpserted, { ...base, data: cleverStudentWithDemographics() as never });
    const json = JSON.stringify(env);
    for (const key of ['dob', 'gender', 'race', 'hispanic_ethnicity', 'ell_status', 'iep_status', 'frl_status',
      'section_504_status', 'disability_status', 'home_language', 'gifted_status', 'legacy_id', 'sis_id']) {
      expect(json).not.toContain(`"${key}"`);
    }
    expect(json).not.toContain('3/14/2016');
    expect(json).not.toContain('Spanish');
    expect(env.data).toEqual({
      cleverUserId: cleverStudent,
      cleverDistrictId: cleverDistrict,
      name: { first: 'Jaylen', middle: 'Marcus', last: 'Brooks' },
      email: 'jbrooks118204@students.maplegrove.k12.ca.us',
      roles: { student: { school: cleverSchool, schools: [cleverSchool], studentNumber: '118204', grade: '3' } },
    });
  });

  it('fills the envelope: type from the definition, time now when not given, optional headers only when set', () => {
    const before = Date.now();
    const env = buildEnvelope(Events.districtDisconnected, {
      ...base,
      subject: cleverDistrict,
      data: { cleverDistrictId: cleverDistrict, reason: 'token_revoked' },
    });
    expect(env.type).toBe('roster.district.disconnected');
    expect(Date.parse(env.time)).toBeGreaterThanOrEqual(before - 1);
    expect(env).not.toHaveProperty('traceparent');
    expect(env).not.toHaveProperty('correlationId');
    expect(parseEnvelope(JSON.stringify(env))).toEqual(env);
  });

  it('rejects an invalid payload with PAYLOAD_INVALID naming the event type and the field', () => {
    const { roles: _roles, ...noRoles } = cleverStudentWithDemographics();
    const err = contractError(() => buildEnvelope(Events.userUpserted, { ...base, data: noRoles as never }));
    expect(err.code).toBe('PAYLOAD_INVALID');
    expect(err.message).toContain('roster.user.upserted');
    expect(err.message).toContain('roles');

    const badEnum = contractError(() =>
      buildEnvelope(Events.enrollmentEnded, {
        ...fixture('classes.enrollment.ended'),
        data: { ...fixture('classes.enrollment.ended').data, reason: 'graduated' },
      } as never),
    );
    expect(badEnum.code).toBe('PAYLOAD_INVALID');

    const badUuid = contractError(() =>
      buildEnvelope(Events.classCreated, {
        ...fixture('classes.class.created'),
        data: { ...fixture('classes.class.created').data, classId: 'not-a-uuid' },
      } as never),
    );
    expect(badUuid.code).toBe('PAYLOAD_INVALID');
  });

  it('rejects envelope fields no consumer would accept with ENVELOPE_INVALID (never publishes a poison message)', () => {
    const data = { cleverDistrictId: cleverDistrict, reason: 'token_revoked' as const };
    for (const bad of [{ version: -1 }, { version: 1.5 }, { id: '' }, { subject: '' }, { districtId: '' }, { time: 'yesterday' }, { id: 'x'.repeat(201) }]) {
      const err = contractError(() => buildEnvelope(Events.districtDisconnected, { ...base, ...bad, data }));
      expect(err.code).toBe('ENVELOPE_INVALID');
    }
  });
});

describe('parseEnvelope', () => {
  const valid = fixture('identity.account.created');

  it('NOT_JSON for text or bytes that are not JSON', () => {
    expect(contractError(() => parseEnvelope('{"id": ')).code).toBe('NOT_JSON');
    expect(contractError(() => parseEnvelope(Buffer.from('not json'))).code).toBe('NOT_JSON');
    expect(contractError(() => parseEnvelope('')).code).toBe('NOT_JSON');
  });

  it('ENVELOPE_INVALID for a value that is not an envelope', () => {
    const { id: _id, ...noId } = valid;
    for (const value of [null, 42, [], 'null', '"text"', {}, noId, { ...valid, version: '3' }, { ...valid, version: -1 },
      { ...valid, time: '2025-09-02 06:00' }, { ...valid, type: '' }]) {
      expect(contractError(() => parseEnvelope(value)).code).toBe('ENVELOPE_INVALID');
    }
  });

  it('UNKNOWN_EVENT_TYPE for a well-formed envelope of a type not in the registry', () => {
    const err = contractError(() => parseEnvelope({ ...valid, type: 'identity.account.teleported' }));
    expect(err.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(err.message).toContain('identity.account.teleported');
  });

  it('PAYLOAD_INVALID for a known type whose data does not match', () => {
    const { accountId: _a, ...noAccountId } = valid.data;
    for (const data of [noAccountId, { ...valid.data, roles: ['janitor'] }, { ...valid.data, status: 'deleted' }, null, 'x']) {
      const err = contractError(() => parseEnvelope({ ...valid, data }));
      expect(err.code).toBe('PAYLOAD_INVALID');
      expect(err.message).toContain('identity.account.created');
    }
  });

  it('accepts time with an offset as well as Z', () => {
    expect(parseEnvelope({ ...valid, time: '2025-09-02T08:00:09.482+02:00' }).time).toBe('2025-09-02T08:00:09.482+02:00');
  });

  describe('forward compatibility (within a major version only optional fields are added)', () => {
    it('a v1 message with unknown optional fields, in the envelope and at any depth of the payload, still parses', () => {
      const newer = {
        ...valid,
        specversion: '1.0',
        data: {
          ...valid.data,
          pronouns: 'they/them',
          name: { ...valid.data.name, suffix: 'Jr.' },
          schools: valid.data.schools.map((s: object) => ({ ...s, since: '2024-08-15' })),
        },
      };
      const parsed = parseEnvelope(JSON.stringify(newer));
      expect(parsed).toEqual(valid);
    });

    it('every golden fixture still parses with an extra unknown field added to its payload', () => {
      for (const def of Object.values(Events)) {
        const f = fixture(def.type);
        expect(parseEnvelope({ ...f, data: { ...f.data, addedInV1_1: { anything: true } } })).toEqual(f);
      }
    });
  });
});

describe('registry', () => {
  it('looks definitions up by type and by topic', () => {
    expect(eventDefinition('roster.user.upserted')).toBe(Events.userUpserted);
    expect(eventDefinition('nope')).toBeUndefined();
    expect(eventsOfTopic(Topics.rosterUsers.name).map((d) => d.type)).toEqual(['roster.user.upserted', 'roster.user.removed']);
  });

  it('has unique event types named <domain>.<entity>.<action>, each on a topic of its domain', () => {
    const types = Object.values(Events).map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const d of Object.values(Events)) {
      expect(d.type).toMatch(/^[a-z]+\.[a-z][a-z-]*\.[a-z][a-z-]*$/);
      expect(d.topic.name.split('.')[0]).toBe(d.type.split('.')[0]);
      expect(d.description.length).toBeGreaterThan(0);
    }
  });

  it('isEvent narrows to one type', () => {
    const env: Envelope = parseEnvelope(fixture('classes.enrollment.ended'));
    expect(isEvent(env, 'enrollmentEnded')).toBe(true);
    expect(isEvent(env, 'enrollmentStarted')).toBe(false);
    if (isEvent(env, 'enrollmentEnded')) expect(env.data.reason).toBe('left_school');
  });

  it('mirrors the envelope as Kafka headers', () => {
    const env = parseEnvelope(fixture('classes.class.created'));
    expect(envelopeHeaders(env)).toEqual({
      ce_id: env.id,
      ce_type: 'classes.class.created',
      ce_source: 'classes',
      ce_subject: env.subject,
      ce_time: env.time,
      ce_districtid: env.districtId,
      ce_version: String(env.version),
      traceparent: env.traceparent,
      'x-correlation-id': env.correlationId,
    });
  });
});
