import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A column of a printed table: its header, the cell of a row, right-aligned when a number. */
export interface SheetColumn<T> {
  header: string;
  num?: boolean;
  cell(row: T): ReactNode;
}

/**
 * A table of a printed sheet — numbered (序号) when `numbered` — or, with no rows, the line saying
 * so. `footer` holds the cells of its totals row.
 */
export function SheetTable<T>({
  rows,
  rowKey,
  columns,
  numbered = false,
  empty,
  footer,
}: {
  rows: T[];
  rowKey(row: T): string | number;
  columns: SheetColumn<T>[];
  numbered?: boolean;
  empty: string;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="sheet-none">{empty}</p>;
  const num = (c: SheetColumn<T>) => (c.num ? 'num' : undefined);
  return (
    <table className="sheet-table">
      <thead>
        <tr>
          {numbered && <th className="seq">{t('print.seq')}</th>}
          {columns.map((c, j) => (
            <th key={j} className={num(c)}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row)}>
            {numbered && <td className="seq">{i + 1}</td>}
            {columns.map((c, j) => (
              <td key={j} className={num(c)}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {footer && (
        <tfoot>
          <tr>{footer}</tr>
        </tfoot>
      )}
    </table>
  );
}
