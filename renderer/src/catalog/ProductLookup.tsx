import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductPick } from '../../../core/contract';
import { formatMoney, sumCents } from '../../../core/money';
import { Modal } from '../components/Modal';
import { pickProducts } from './catalogStore';
import './catalog.css';

/**
 * 商品查询 (商品管理 menu): pick products with the product picker and see their 指导价 and
 * 年服务费 with exact totals — the quick answer to "how much for these?" on the phone.
 */
export function ProductLookup({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [picks, setPicks] = useState<ProductPick[]>([]);

  const pick = async () => {
    const more = await pickProducts();
    setPicks((prev) => [...prev, ...more.filter((m) => !prev.some((p) => p.id === m.id))]);
  };

  // Opening the lookup opens the picker at once.
  useEffect(() => {
    void pick();
  }, []);

  const money = (cents: number) => formatMoney(cents, { grouping: true });
  return (
    <Modal
      title={t('products.lookupTitle')}
      onClose={onClose}
      width={860}
      footer={
        <>
          <button type="button" className="primary" onClick={() => void pick()}>
            {t('products.lookupPick')}
          </button>
          <button type="button" onClick={() => setPicks([])} disabled={!picks.length}>
            {t('products.lookupClear')}
          </button>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <p className="muted">{t('products.lookupIntro')}</p>
      <table className="simple-table lookup-table" aria-label={t('products.lookupTitle')}>
        <thead>
          <tr>
            <th>{t('products.code')}</th>
            <th>{t('products.name')}</th>
            <th>{t('products.category')}</th>
            <th>{t('products.model')}</th>
            <th>{t('products.unit')}</th>
            <th className="money">{t('products.guidePrice')}</th>
            <th className="money">{t('products.annualFee')}</th>
            <th aria-label={t('products.lookupRemove')} />
          </tr>
        </thead>
        <tbody>
          {picks.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                {t('products.lookupEmpty')}
              </td>
            </tr>
          )}
          {picks.map((p) => (
            <tr key={p.id}>
              <td>{p.code}</td>
              <td>{p.name}</td>
              <td>{p.categoryName}</td>
              <td>{p.model}</td>
              <td>{p.unit}</td>
              <td className="money">{money(p.guidePriceCents)}</td>
              <td className="money">{money(p.annualFeeCents)}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`${t('products.lookupRemove')} ${p.name}`}
                  onClick={() => setPicks((prev) => prev.filter((x) => x.id !== p.id))}
                >
                  {t('products.lookupRemove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={5}>
              {t('products.sum')}（{picks.length}）
            </td>
            <td className="money">{money(sumCents(picks.map((p) => p.guidePriceCents)))}</td>
            <td className="money">{money(sumCents(picks.map((p) => p.annualFeeCents)))}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </Modal>
  );
}
