import { isLoopbackHost, resolveAuthMode } from './auth-mode';

describe('embedded sign-in mode', () => {
  it('defaults to dev sign-in over the sandbox and to Clever sign-in over a real Clever', () => {
    expect(resolveAuthMode({ externalClever: false, host: '127.0.0.1' })).toBe('dev');
    expect(resolveAuthMode({ externalClever: true, host: '127.0.0.1' })).toBe('clever');
    expect(resolveAuthMode({ externalClever: true, host: '0.0.0.0' })).toBe('clever');
  });

  it('allows dev sign-in over a Clever stand-in only when asked, and never beyond loopback', () => {
    expect(resolveAuthMode({ requested: 'dev', externalClever: true, host: 'localhost' })).toBe('dev');
    expect(() => resolveAuthMode({ externalClever: false, host: '0.0.0.0' })).toThrow(/loopback/);
    expect(() => resolveAuthMode({ requested: 'dev', externalClever: true, host: '192.168.1.10' })).toThrow(/HOST is 192.168.1.10/);
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });
});
