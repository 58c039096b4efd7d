import { signInternalToken, signOperatorToken, verifyInternalToken } from './internal-token';
import { signToken, TokenError, verifyToken } from './signed-token';
import { FORBIDDEN, operatorCaller } from './policy';

const secret = 'test-secret-with-enough-length';

describe('operator tokens (district purge)', () => {
  it('verify as an operator caller for their audience only', () => {
    const token = signOperatorToken('purge-cli', 'clever-ingestion', secret);
    expect(verifyInternalToken(token, 'clever-ingestion', secret)).toEqual({ kind: 'operator', name: 'purge-cli' });
    expect(verifyToken(token, secret)).toMatchObject({ iss: 'roster-operator', operator: 'purge-cli' });
    expect(() => verifyInternalToken(token, 'identity', secret)).toThrow(TokenError);
    expect(() => verifyInternalToken(signOperatorToken('purge-cli', 'clever-ingestion', 'another-secret-of-enough-length'), 'clever-ingestion', secret)).toThrow(TokenError);
  });

  it('the policy lets operators through and refuses the gateway, its system callers and every user', () => {
    expect(operatorCaller({ kind: 'operator', name: 'purge-cli' })).toEqual({ allowed: true });
    const system = verifyInternalToken(signInternalToken({ kind: 'system', name: 'operator' }, 'clever-ingestion', secret), 'clever-ingestion', secret);
    expect(system).toEqual({ kind: 'system', name: 'operator' });
    expect(operatorCaller(system)).toMatchObject({ allowed: false, status: 403, code: FORBIDDEN.operatorOnly });
  });

  it('an operator claim under the gateway issuer is not an operator, and an operator token without a name is malformed', () => {
    const gatewayIssued = signToken({ operator: 'x', iss: 'roster-gateway', aud: 'clever-ingestion' }, secret, 60);
    expect(() => verifyInternalToken(gatewayIssued, 'clever-ingestion', secret)).toThrow(TokenError);
    const nameless = signToken({ iss: 'roster-operator', aud: 'clever-ingestion' }, secret, 60);
    expect(() => verifyInternalToken(nameless, 'clever-ingestion', secret)).toThrow(expect.objectContaining({ reason: 'MALFORMED' }));
  });
});
