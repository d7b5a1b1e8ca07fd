import { create } from 'zustand';

/** Area 3 (Message): one line per operation, newest first. */
export interface MessageLine {
  id: number;
  time: string;
  action: string;
  ok: boolean;
  reason?: string;
  /** A notice, not an operation's outcome (e.g. the shown customer went out of sight). */
  info?: boolean;
}

interface MessagesState {
  lines: MessageLine[];
  add(action: string, ok: boolean, reason?: string): void;
  note(action: string, reason: string): void;
  clear(): void;
}

let seq = 0;
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

export const useMessages = create<MessagesState>((set) => ({
  lines: [],
  add: (action, ok, reason) =>
    set((s) => ({ lines: [{ id: ++seq, time: clock(new Date()), action, ok, reason }, ...s.lines].slice(0, 500) })),
  note: (action, reason) =>
    set((s) => ({
      lines: [{ id: ++seq, time: clock(new Date()), action, ok: true, reason, info: true }, ...s.lines].slice(0, 500),
    })),
  clear: () => set({ lines: [] }),
}));
