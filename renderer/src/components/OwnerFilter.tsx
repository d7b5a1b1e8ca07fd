import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../core/contract';
import { call } from '../api/client';
import { useSession } from '../session/sessionStore';

/** The administrator's 业务员 filter (全部业务员 or one); nothing for a salesperson. */
export function OwnerFilter({ value, onChange }: { value: number | null; onChange(id: number | null): void }) {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [staff, setStaff] = useState<StaffOption[]>([]);
  useEffect(() => {
    if (isAdmin)
      void call('staff.options')
        .then(setStaff)
        .catch(() => undefined);
  }, [isAdmin]);
  if (!isAdmin) return null;
  return (
    <label className="wb-filter">
      {t('workbench.owner')}
      <select
        aria-label={t('workbench.owner')}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{t('workbench.allOwners')}</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
