import { describe, expect, it, vi } from 'vitest';
import { createReachabilityWatch } from './reachability-watch.ts';

describe('reachability watch', () => {
  it('reports only changes, and keeps asking while started', async () => {
    const answers = [false, false, true, true, false];
    const changes: boolean[] = [];
    const watch = createReachabilityWatch({ intervalMs: 5, probe: async () => answers.shift() ?? false, onChange: (reachable) => changes.push(reachable) });
    watch.start();
    await vi.waitFor(() => expect(answers).toHaveLength(0));
    watch.stop();
    // Started as unreachable (the review opened because of that): the two falses say nothing new.
    expect(changes).toEqual([true, false]);
  });

  it('drops the answer of a probe that was still running when it stopped', async () => {
    let answer!: (reachable: boolean) => void;
    const changes: boolean[] = [];
    const watch = createReachabilityWatch({ intervalMs: 5, probe: () => new Promise((resolve) => (answer = resolve)), onChange: (reachable) => changes.push(reachable) });
    watch.start();
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    watch.stop();
    answer(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(changes).toEqual([]);
  });

  it('counts a probe that throws as out of reach', async () => {
    const changes: boolean[] = [];
    let calls = 0;
    const watch = createReachabilityWatch({
      intervalMs: 5,
      probe: async () => {
        calls += 1;
        if (calls === 1) return true;
        throw new Error('no route');
      },
      onChange: (reachable) => changes.push(reachable),
    });
    watch.start();
    await vi.waitFor(() => expect(changes).toEqual([true, false]));
    watch.stop();
  });
});
