import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** '上一页 第 2 / 7 页 下一页' under a paged table; nothing when everything fits on one page. */
export function Pager(props: { pageNo: number; pageSize: number; total: number; onPage(n: number): void }) {
  const { t } = useTranslation();
  const { pageNo, onPage } = props;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" disabled={pageNo === 0} onClick={() => onPage(pageNo - 1)}>
        {t('pager.prev')}
      </button>
      <span>{t('pager.page', { n: pageNo + 1, of: pages })}</span>
      <button type="button" disabled={pageNo + 1 >= pages} onClick={() => onPage(pageNo + 1)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

/** The page number for the current filter: a changed filter starts again at page 1. */
export function usePageFor(filterKey: string): [number, (n: number) => void] {
  const [page, setPage] = useState({ key: filterKey, no: 0 });
  return [page.key === filterKey ? page.no : 0, (no) => setPage({ key: filterKey, no })];
}
