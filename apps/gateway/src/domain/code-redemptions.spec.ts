import { CodeRedemptions } from './code-redemptions';

describe('CodeRedemptions', () => {
  it('redeems a code once; the same browser and state share the first outcome', async () => {
    const redemptions = new CodeRedemptions<string>();
    let calls = 0;
    const redeem = () => Promise.resolve(`session-${++calls}`);
    const first = redemptions.redeem('code-1', 'state-a', 'cookie-a', redeem);
    const again = redemptions.redeem('code-1', 'state-a', 'cookie-a', redeem);
    expect(first).toMatchObject({ replay: false, repeat: false });
    expect(again).toMatchObject({ replay: false, repeat: true });
    await expect((again as { outcome: Promise<string> }).outcome).resolves.toBe('session-1');
    expect(calls).toBe(1);
  });

  it('refuses the code from another state or another cookie, without redeeming it again', () => {
    const redemptions = new CodeRedemptions<string>();
    let calls = 0;
    const redeem = () => Promise.resolve(`session-${++calls}`);
    redemptions.redeem('code-1', 'state-a', 'cookie-a', redeem);
    expect(redemptions.redeem('code-1', 'state-b', 'cookie-b', redeem)).toEqual({ replay: true });
    expect(redemptions.redeem('code-1', 'state-a', 'cookie-b', redeem)).toEqual({ replay: true });
    expect(redemptions.redeem('code-1', 'state-b', 'cookie-a', redeem)).toEqual({ replay: true });
    expect(calls).toBe(1);
    expect(redemptions.redeem('code-2', 'state-b', 'cookie-b', redeem)).toMatchObject({ replay: false, repeat: false });
    expect(calls).toBe(2);
  });

  it('keeps a failed redemption: a replay of a refused code is still a replay', async () => {
    const redemptions = new CodeRedemptions<string>();
    const failed = redemptions.redeem('code-1', 's', 'c', () => Promise.reject(new Error('refused')));
    await expect((failed as { outcome: Promise<string> }).outcome).rejects.toThrow('refused');
    expect(redemptions.redeem('code-1', 'other', 'c', () => Promise.resolve('x'))).toEqual({ replay: true });
  });
});
