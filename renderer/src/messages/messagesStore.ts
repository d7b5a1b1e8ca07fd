import { create } from 'zustand';

/** Area 3 (Message): one line per operation, newest first. */
export interface MessageLine {
  id: number;
  time: string;
  action: string;
  ok: boolean;
  reason?: string;
  /** Neither success nor failure: a notice (nothing written, or the shown customer went out of sight). */
  info?: boolean;
}

interface MessagesState {
  lines: MessageLine[];
  add(action: string, ok: boolean, reason?: string, info?: boolean): void;
  /** A notice line (提示). */
  note(action: string, reason: string): void;
  clear(): void;
}

let seq = 0;
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

export const useMessages = create<MessagesState>((set) => ({
  lines: [],
  add: (action, ok, reason, info) =>
    set((s) => ({
      lines: [{ id: ++seq, time: clock(new Date()), action, ok, reason, info }, ...s.lines].slice(0, 500),
    })),
  note: (action, reason) => useMessages.getState().add(action, true, reason, true),
  clear: () => set({ lines: [] }),
}));
