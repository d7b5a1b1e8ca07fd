import { create } from 'zustand';

export interface CustomerRef {
  id: number;
  name: string;
  /** The customer's 业务员: not offered as the delegate. */
  ownerId?: number;
}

export type TransferRequest =
  | { kind: 'customers'; customers: CustomerRef[] }
  | { kind: 'all'; fromId: number; fromName: string; count: number }
  /** 分配给…: customers of the 公海 to a member of staff. */
  | { kind: 'pool'; customers: CustomerRef[] };

/** 离职交接 of one member of staff (from 人员管理 › 停用), or of one to choose (from the menu). */
export interface HandoverRequest {
  fromId: number | null;
}

/**
 * The windows of 人员管理 and 授权 over the customer screen: the staff window, 修改密码,
 * 授权给其他业务员 and 转移客户. Drawn by <StaffDialogs/> on the customer screen.
 */
interface StaffDialogsState {
  staffOpen: boolean;
  passwordOpen: boolean;
  delegate: CustomerRef[] | null;
  transfer: TransferRequest | null;
  handover: HandoverRequest | null;
  openStaff(open: boolean): void;
  openPassword(open: boolean): void;
  openDelegate(customers: CustomerRef[] | null): void;
  openTransfer(request: TransferRequest | null): void;
  openHandover(request: HandoverRequest | null): void;
}

export const useStaffDialogs = create<StaffDialogsState>((set) => ({
  staffOpen: false,
  passwordOpen: false,
  delegate: null,
  transfer: null,
  handover: null,
  openStaff: (staffOpen) => set({ staffOpen }),
  openPassword: (passwordOpen) => set({ passwordOpen }),
  openDelegate: (delegate) => set({ delegate }),
  openTransfer: (transfer) => set({ transfer }),
  openHandover: (handover) => set({ handover }),
}));
