import { describe, expect, it } from 'vitest';
import { localDay, localMinute, localMinuteInput, wallClock } from './dates.js';

describe('dates as the office reads them', () => {
  it('a day and a minute are the local wall-clock ones, whatever the time zone', () => {
    // 2026-12-01 00:30 local: in UTC+8 that is 2026-11-30 16:30Z — the day is still the 1st here.
    const justAfterMidnight = new Date(2026, 11, 1, 0, 30);
    expect(localDay(justAfterMidnight)).toBe('2026-12-01');
    expect(localMinute(justAfterMidnight.toISOString())).toBe('2026-12-01 00:30');
    expect(localMinuteInput(justAfterMidnight.toISOString())).toBe('2026-12-01T00:30');
    const lastMinute = new Date(2026, 1, 28, 23, 59);
    expect(localDay(lastMinute)).toBe('2026-02-28');
    expect(wallClock(lastMinute).getUTCHours()).toBe(23);
  });

  it('an instant that is not one reads as empty, not as a wrong date', () => {
    expect(localMinuteInput('not a time')).toBe('');
    expect(localMinute('')).toBe('');
  });
});
