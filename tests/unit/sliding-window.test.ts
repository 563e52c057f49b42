import { describe, expect, it } from 'vitest';
import { roomIn, secondsUntilRoom } from '../../shared/domain/sliding-window.ts';

const window = { limit: 10, windowSeconds: 900 };

/** Whether one more miss fits `wait` seconds after the state (previous, current) at `elapsed`. */
const fitsAfter = (previous: number, current: number, elapsed: number, wait: number) => {
  const later = elapsed + wait;
  return later < 900
    ? current + 1 <= roomIn(window, previous, later)
    : 1 <= roomIn(window, current, later - 900);
};

describe('the sliding window', () => {
  it('weighs the previous window by the share of it still within the last window', () => {
    expect(roomIn(window, 10, 0)).toBe(0);
    expect(roomIn(window, 10, 90)).toBe(1);
    expect(roomIn(window, 10, 450)).toBe(5);
    expect(roomIn(window, 0, 0)).toBe(10);
  });

  it('tells a Retry-After after which one more miss fits, and not a second earlier', () => {
    for (const [previous, current, elapsed] of [
      [10, 0, 2],
      [10, 5, 450],
      [0, 10, 899],
      [0, 10, 0],
      [4, 9, 300],
      [10, 10, 899.5],
    ] as const) {
      const wait = secondsUntilRoom(window, { previous, current }, elapsed);
      const what = `previous ${previous}, current ${current}, at ${elapsed}: wait ${wait}`;
      expect(fitsAfter(previous, current, elapsed, wait), what).toBe(true);
      if (wait > 1) expect(fitsAfter(previous, current, elapsed, wait - 1), what).toBe(false);
    }
  });
});
