import { create } from 'zustand';

/** Office mode's windows (系统 › 网络设置, 系统 › 在线用户). */
interface OfficeDialogs {
  open: 'network' | 'online' | 'backup' | 'about' | 'guide' | 'support' | null;
  show(open: OfficeDialogs['open']): void;
}

export const useOfficeDialogs = create<OfficeDialogs>((set) => ({
  open: null,
  show: (open) => set({ open }),
}));
