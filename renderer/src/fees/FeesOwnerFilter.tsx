import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../core/contract';
import { useFees } from './feesStore';

/** 业务员 filter, for the administrator (a salesperson sees their own customers anyway). */
export function FeesOwnerFilter({ staff }: { staff: StaffOption[] | null }) {
  const { t } = useTranslation();
  const ownerId = useFees((s) => s.ownerId);
  if (!staff) return null;
  return (
    <label className="table-filter">
      {t('fees.owner')}
      <select
        value={ownerId ?? ''}
        onChange={(e) => useFees.getState().set({ ownerId: e.target.value ? Number(e.target.value) : null })}
      >
        <option value="">{t('fees.allOwners')}</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
