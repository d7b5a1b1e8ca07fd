import { create } from 'zustand';
import type { ProductPick } from '../../../core/contract';

/** A request for the product picker: whoever asked waits on `resolve`. */
export interface PickerRequest {
  id: number;
  title?: string;
  resolve(picks: ProductPick[]): void;
}

/** The catalog's windows over the customer screen: 商品注册, 商品查询, 供应商管理, and the picker. */
interface CatalogState {
  window: 'products' | 'lookup' | 'suppliers' | null;
  picker: PickerRequest | null;
  open(window: CatalogState['window']): void;
}

export const useCatalog = create<CatalogState>((set) => ({
  window: null,
  picker: null,
  open: (window) => set({ window }),
}));

let seq = 0;

export interface PickOptions {
  /** The dialog's title; default '商品选择'. */
  title?: string;
}

/**
 * Opens the product picker (商品选择) and resolves with the products chosen: every selected row on
 * '确定', the one row on a double-click, [] on '取消' or Escape. Only products for sale are offered.
 * The dialog is drawn by <CatalogHost/>, which the menu bar mounts on the customer screen.
 */
export function pickProducts(options: PickOptions = {}): Promise<ProductPick[]> {
  return new Promise((resolve) => {
    useCatalog.getState().picker?.resolve([]);
    useCatalog.setState({ picker: { id: ++seq, title: options.title, resolve } });
  });
}

/** Closes the picker with its answer. */
export function answerPicker(request: PickerRequest, picks: ProductPick[]): void {
  if (useCatalog.getState().picker?.id === request.id) useCatalog.setState({ picker: null });
  request.resolve(picks);
}
