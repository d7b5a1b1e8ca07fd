import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, StatusNode } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useSubmit } from '../components/useSubmit';
import './pool.css';

type NumberKey = 'warnDays' | 'dailyClaimLimit' | 'reclaimWaitDays' | 'maxCustomers';
const NUMBERS: NumberKey[] = ['warnDays', 'dailyClaimLimit', 'reclaimWaitDays', 'maxCustomers'];

/**
 * 系统 › 公海规则 (administrator): per 客户状态 the days without a new 维护记录 after which a
 * customer goes back to the 公海 (empty: never), the warning window, the daily 领取 limit, the
 * previous owner's waiting time, the cap per salesperson and 脱敏 for 销售经理. A draft: nothing
 * is written until 保存; the data core checks every value and names the field it refuses.
 */
export function PoolRulesDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [statuses, setStatuses] = useState<StatusNode[] | null>(null);
  const [days, setDays] = useState<Record<number, string>>({});
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>({
    warnDays: '',
    dailyClaimLimit: '',
    reclaimWaitDays: '',
    maxCustomers: '',
  });
  const [mask, setMask] = useState(false);
  const { errors, message, busy, run, setMessage } = useSubmit();

  useEffect(() => {
    Promise.all([call('statuses.tree'), call('pool.rules')])
      .then(([tree, rules]) => {
        setStatuses(tree.statuses);
        setDays(Object.fromEntries(rules.statusDays.map((r) => [r.statusId, r.days === null ? '' : String(r.days)])));
        setNumbers(Object.fromEntries(NUMBERS.map((k) => [k, String(rules[k])])) as Record<NumberKey, string>);
        setMask(rules.maskForManagers);
      })
      .catch((err) => setMessage(errorText(err)));
  }, [setMessage]);

  const num = (s: string) => (s.trim() === '' ? 0 : Number(s.trim()));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!statuses) return;
    const input: Input<'pool.saveRules'> = {
      statusDays: statuses
        .filter((s) => (days[s.id] ?? '').trim() !== '')
        .map((s) => ({ statusId: s.id, days: Number(days[s.id].trim()) })),
      warnDays: num(numbers.warnDays),
      dailyClaimLimit: num(numbers.dailyClaimLimit),
      reclaimWaitDays: num(numbers.reclaimWaitDays),
      maxCustomers: num(numbers.maxCustomers),
      maskForManagers: mask,
    };
    const saved = await run(async () => {
      await call('pool.saveRules', input, { action: t('pool.action.saveRules') });
      return true;
    });
    if (saved) onClose();
  };

  return (
    <Modal
      title={t('pool.rulesTitle')}
      onClose={onClose}
      width={560}
      footer={
        <>
          <button type="submit" form="pool-rules-form" className="primary" disabled={busy || !statuses}>
            {t('pool.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      {statuses ? (
        <form id="pool-rules-form" className="pool-rules" onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('pool.statusDays')}</legend>
            <p className="muted small">{t('pool.statusDaysHint')}</p>
            {statuses.map((s) => (
              <Field key={s.id} label={s.name} error={errors.statusDays}>
                {(p) => (
                  <span className="pool-days">
                    <input
                      {...p}
                      type="number"
                      min={1}
                      placeholder={t('pool.never')}
                      value={days[s.id] ?? ''}
                      onChange={(e) => setDays({ ...days, [s.id]: e.target.value })}
                    />
                    <span>{t('pool.daysUnit')}</span>
                  </span>
                )}
              </Field>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('pool.limits')}</legend>
            {NUMBERS.map((k) => (
              <Field key={k} label={t(`pool.${k}`)} error={errors[k]} hint={t(`pool.${k}Hint`)}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0}
                    value={numbers[k]}
                    onChange={(e) => setNumbers({ ...numbers, [k]: e.target.value })}
                  />
                )}
              </Field>
            ))}
            <label className="pool-mask">
              <input type="checkbox" checked={mask} onChange={(e) => setMask(e.target.checked)} />
              {t('pool.maskForManagers')}
            </label>
          </fieldset>
          {message && (
            <div className="form-error" role="alert">
              {message}
            </div>
          )}
        </form>
      ) : message ? (
        <div className="form-error" role="alert">
          {message}
        </div>
      ) : (
        <p className="muted">{t('grid.loading')}</p>
      )}
    </Modal>
  );
}
