import { sleep } from './deployment';

/**
 * Client loops that keep sending requests while the server is killed and restarted: what the client saw
 * acknowledged is what must be in the log afterwards.
 */
export class Load {
  failures = 0;
  sent = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];

  /** `step(loop)` sends one request and resolves true when it was acknowledged; it throws on a network error. */
  constructor(concurrency: number, step: (loop: number) => Promise<boolean>) {
    for (let loop = 0; loop < concurrency; loop++) {
      this.loops.push(
        (async () => {
          while (this.running) {
            this.sent++;
            try {
              if (!(await step(loop))) this.failures++;
            } catch {
              this.failures++;
              await sleep(20); // the server is down: do not spin
            }
          }
        })(),
      );
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/** Redirects to any of `paths`; keeps the click id of every 302 the client received (from `Location`). */
export const redirectLoad = (baseUrl: string, paths: string[], concurrency: number) => {
  const acknowledged = new Set<string>();
  const load = new Load(concurrency, async (loop) => {
    const path = paths[(loop + load.sent) % paths.length]!;
    const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
    await response.arrayBuffer();
    const clickId =
      response.status === 302
        ? new URL(response.headers.get('location')!).searchParams.get('tt_click')
        : null;
    if (clickId) acknowledged.add(clickId);
    return clickId !== null;
  });
  return { load, acknowledged };
};
