import { existsSync } from 'node:fs';

/**
 * True when a container engine answers. The `docker` CLI alone is not enough (it is installed on
 * machines without an engine), so this asks testcontainers, with a short timeout.
 */
export async function containerEngineAvailable(timeoutMs = 8000): Promise<boolean> {
  if (process.env.ROSTER_TEST_NO_CONTAINERS === '1') return false;
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}
