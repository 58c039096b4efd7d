import { randomUUID } from 'node:crypto';
import type { Envelope } from '@roster/contracts';
import { parseDeadLetter } from './identity-dlq.consumer';
import { ACCOUNTS_DLQ, planResync, SCHOOLS_DLQ } from './resync-from-identity.handler';

const envelope = (fields: Partial<Envelope>): Envelope => ({ id: randomUUID(), type: 't', source: 'identity', subject: '', time: '', districtId: '', version: 1, data: null, ...fields });

describe('planResync: what a batch of identity dead letters asks to re-read', () => {
  const account = randomUUID();
  const school = randomUUID();
  const district = randomUUID();

  it('the entity from its data, else from the subject; one re-read per entity', () => {
    const plan = planResync([
      { topic: ACCOUNTS_DLQ, envelope: envelope({ subject: 'x', data: { accountId: account } }) },
      { topic: ACCOUNTS_DLQ, envelope: envelope({ subject: account, data: 'garbage' }) },
      { topic: `t123.${SCHOOLS_DLQ}`, envelope: envelope({ subject: school }) },
    ]);
    expect(plan).toEqual({ accounts: [account], schools: [school], districts: [], unidentified: [] });
  });

  it('no entity id: the district is re-read; neither: nothing, but the id is reported', () => {
    const lost = envelope({ subject: 'not-a-uuid', data: { districtId: district } });
    const nothing = envelope({ subject: '' });
    expect(planResync([{ topic: ACCOUNTS_DLQ, envelope: lost }, { topic: SCHOOLS_DLQ, envelope: nothing }])).toEqual({
      accounts: [],
      schools: [],
      districts: [district],
      unidentified: [nothing.id],
    });
  });

  it('an unreadable message becomes an envelope that names nothing (never a .dlq.dlq)', () => {
    const unreadable = parseDeadLetter('{not json');
    expect(unreadable.id).toMatch(/^unreadable:/);
    expect(planResync([{ topic: ACCOUNTS_DLQ, envelope: unreadable }]).unidentified).toEqual([unreadable.id]);
  });
});
