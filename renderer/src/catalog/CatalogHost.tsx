import { useEffect } from 'react';
import { ProductLookup } from './ProductLookup';
import { ProductPicker } from './ProductPicker';
import { ProductsDialog } from './ProductsDialog';
import { useCatalog } from './catalogStore';
import { SuppliersDialog } from './SuppliersDialog';

/**
 * Draws the catalog's windows (商品注册, 商品查询, 供应商管理) and the product picker over the
 * customer screen. Mounted once, beside the menu bar that opens them.
 */
export function CatalogHost() {
  const open = useCatalog((s) => s.window);
  const picker = useCatalog((s) => s.picker);

  useEffect(() => {
    return () => {
      // Leaving the screen (logging out) closes everything; a waiting picker gets no products.
      useCatalog.getState().picker?.resolve([]);
      useCatalog.setState({ window: null, picker: null });
    };
  }, []);

  const close = () => useCatalog.getState().open(null);
  return (
    <>
      {open === 'products' && <ProductsDialog onClose={close} />}
      {open === 'suppliers' && <SuppliersDialog onClose={close} />}
      {open === 'lookup' && <ProductLookup onClose={close} />}
      {picker && <ProductPicker key={picker.id} request={picker} />}
    </>
  );
}
