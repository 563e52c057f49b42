/**
 * A sliding-window limit, counted in two fixed windows (the weighted sliding window counter): the
 * misses of the window now running, plus those of the window before it weighted by how much of
 * that window still lies within the last `windowSeconds`. A client that spent its whole allowance
 * just before a boundary finds it still spent just after it, where fixed windows let it spend the
 * allowance twice in a few seconds.
 */
export interface SlidingWindow {
  limit: number;
  windowSeconds: number;
}

/** Where `at` (epoch seconds) falls: the start of its fixed window and how far into it. */
export const windowOf = ({ windowSeconds }: SlidingWindow, at: number) => {
  const start = Math.floor(at / windowSeconds) * windowSeconds;
  return { start, elapsed: at - start };
};

/** How many misses the running window may hold, given the previous window's count. */
export const roomIn = (window: SlidingWindow, previous: number, elapsed: number): number =>
  Math.floor(window.limit - (previous * (window.windowSeconds - elapsed)) / window.windowSeconds);

/**
 * Seconds until one more miss fits, for Retry-After: while the running window alone holds less
 * than the limit, until the previous window's weight has faded enough; otherwise into the next
 * window, where this one's count becomes the weighted one.
 */
export const secondsUntilRoom = (
  window: SlidingWindow,
  counts: { previous: number; current: number },
  elapsed: number,
): number => {
  const { limit, windowSeconds } = window;
  // The elapsed time in a window at which `count` weighted misses leave room for `free` more.
  const fadedAt = (count: number, free: number) =>
    count <= 0 ? 0 : Math.max(0, windowSeconds * (1 - (limit - free) / count));
  const wait =
    counts.current + 1 <= limit
      ? fadedAt(counts.previous, counts.current + 1) - elapsed
      : windowSeconds - elapsed + fadedAt(counts.current, 1);
  return Math.max(1, Math.ceil(wait));
};
