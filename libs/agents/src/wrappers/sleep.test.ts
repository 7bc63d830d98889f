import { describe, expect, it } from 'vitest';
import { rejection } from './fake-client.fixture';
import { realSleep } from './sleep';

describe('realSleep', () => {
  it('resolves after the wait', async () => {
    await expect(realSleep(0)).resolves.toBeUndefined();
  });

  it("rejects with the signal's reason when aborted", async () => {
    const reason = new Error('stop');
    const controller = new AbortController();
    const pending = realSleep(60_000, controller.signal);
    controller.abort(reason);

    expect(await rejection(pending)).toBe(reason);
    expect(await rejection(realSleep(0, AbortSignal.abort(reason)))).toBe(reason);
  });
});
