/**
 * What the 售前报价 and 购买情况 lines share about their product: the fields shown of it, those
 * of a product chosen in the picker, its columns, and the totals footer of the grid.
 */
import type { ReactNode } from 'react';
import type { ProductPick } from '../../../../core/contract/catalog';
import type { DraftColumn } from '../../drafts/DraftGrid';

/** The product of a line, as shown (not edited) in its grid. */
export interface ProductFields {
  productId: number;
  productCode: string;
  productName: string;
  productModel: string;
  productUnit: string;
  productOnSale: boolean;
}

/** The product fields of a saved line. */
export const productFieldsOf = (line: ProductFields): ProductFields => ({
  productId: line.productId,
  productCode: line.productCode,
  productName: line.productName,
  productModel: line.productModel,
  productUnit: line.productUnit,
  productOnSale: line.productOnSale,
});

/** The product fields of a new line for a product chosen in the picker (on sale: it was offered). */
export const productFieldsOfPick = (p: ProductPick): ProductFields => ({
  productId: p.id,
  productCode: p.code,
  productName: p.name,
  productModel: p.model,
  productUnit: p.unit,
  productOnSale: true,
});

/**
 * The 编码 / 产品 / 型号 (and 单位, when it has a header) columns; the name of a product no longer
 * on sale is shown with the word for that and marked.
 */
export function productColumns<T extends ProductFields>(
  headers: { code: string; product: string; model: string; unit?: string; offSale: string },
  widths: { code: number; product: number; model: number; unit?: number },
): DraftColumn<T>[] {
  const columns: DraftColumn<T>[] = [
    { field: 'productCode', header: headers.code, width: widths.code },
    {
      field: 'productName',
      header: headers.product,
      width: widths.product,
      toCell: (v, row) => (row.values.productOnSale ? v : `${String(v)}（${headers.offSale}）`),
      classRules: { 'line-off-sale': (row) => !row.values.productOnSale },
    },
    { field: 'productModel', header: headers.model, width: widths.model },
  ];
  if (headers.unit !== undefined) columns.push({ field: 'productUnit', header: headers.unit, width: widths.unit });
  return columns;
}

/** The footer of a line grid: its title, then the totals given as children. */
export function LineTotals({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="line-totals" role="status" aria-label={title}>
      <span className="line-totals-title">{title}</span>
      {children}
    </div>
  );
}
