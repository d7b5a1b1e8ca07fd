/**
 * Dates as the office reads them — the one place that turns an instant into this machine's local
 * wall-clock time. Days are stored as local 'YYYY-MM-DD' (购买日期, 下次跟进 …), instants as ISO
 * UTC (操作日志 times): both the data host and the renderer use these. Pure, no Node, no DOM.
 */

const MINUTE_MS = 60_000;

/** The instant shifted so that its UTC fields read as the local wall-clock time. */
export function wallClock(d: Date): Date {
  return new Date(d.getTime() - d.getTimezoneOffset() * MINUTE_MS);
}

/** A day as stored: 'YYYY-MM-DD' in this machine's time zone (default: now). */
export function localDay(d: Date = new Date()): string {
  return wallClock(d).toISOString().slice(0, 10);
}

/** The local day n calendar days after `from` (before, for n < 0), as 'YYYY-MM-DD'. */
export function localDayAfter(n: number, from: Date = new Date()): string {
  const d = new Date(from);
  d.setDate(d.getDate() + n);
  return localDay(d);
}

/** 'YYYY-MM-DDTHH:mm' in this machine's time zone: the value of a datetime-local input. */
export function localMinuteInput(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : wallClock(d).toISOString().slice(0, 16);
}

/** 'YYYY-MM-DD HH:mm' in this machine's time zone: an instant as the office reads it. */
export function localMinute(iso: string): string {
  return localMinuteInput(iso).replace('T', ' ');
}
