import { create } from 'zustand';
import type { ExportStarted } from '../../../core/contract';

/** The export the progress dialog follows (one at a time per window, from whichever grid). */
export interface RunningExport extends ExportStarted {
  /** The sheet title, for messages (客户资料, 联系人 …). */
  title: string;
}

interface ExportState {
  running: RunningExport | null;
  show(job: RunningExport | null): void;
}

export const useExport = create<ExportState>((set) => ({
  running: null,
  show: (running) => set({ running }),
}));
