import { create } from 'zustand';
import type {
  Contact,
  Customer,
  CustomerRow,
  HandoverHead,
  HandoverSheetRow,
  InstalmentDueRow,
  Quote,
  ReminderSlip,
  Settings,
} from '../../../core/contract';

/** Who printed and when, on every sheet. */
export interface PrintStamp {
  company: Settings;
  printedBy: string;
  /** Local 'YYYY-MM-DD HH:mm'. */
  printedAt: string;
}

/** What the print preview shows: one of the product's printed documents. */
export type PrintDoc = PrintStamp &
  (
    | { kind: 'reminder'; slip: ReminderSlip }
    | {
        kind: 'customers';
        /** '客户列表' or '已删除的客户'. */
        title: string;
        /** The filter in words: 客户状态, 搜索, 排序. */
        filter: string;
        rows: CustomerRow[];
        /** Every matching customer; more than rows.length when the list was capped. */
        total: number;
      }
    | { kind: 'cards'; cards: { customer: Customer; contacts: Contact[] }[] }
    | { kind: 'quotes'; customer: Customer; contact: Contact | null; quotes: Quote[] }
    | {
        kind: 'instalments';
        /** '回款计划 — 本周到期'. */
        title: string;
        /** The range and 业务员 in words. */
        filter: string;
        rows: InstalmentDueRow[];
        total: number;
        openCents: number;
      }
    | { kind: 'handover'; head: HandoverHead; rows: HandoverSheetRow[] }
  );

interface PrintState {
  doc: PrintDoc | null;
  open(doc: PrintDoc): void;
  close(): void;
}

/** The print preview (renderer/src/print/PrintPreview.tsx): open over everything until closed. */
export const usePrint = create<PrintState>((set) => ({
  doc: null,
  open: (doc) => set({ doc }),
  close: () => set({ doc: null }),
}));
