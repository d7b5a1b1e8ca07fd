import { useTranslation } from 'react-i18next';
import { OwnerFilter } from '../components/OwnerFilter';
import { useFees } from './feesStore';

/** The 业务员 filter of area 9, shared by both views (kept in the fees store). */
export function FeesOwnerFilter() {
  const { t } = useTranslation();
  const ownerId = useFees((s) => s.ownerId);
  return (
    <OwnerFilter
      value={ownerId}
      onChange={(id) => useFees.getState().set({ ownerId: id })}
      label={t('fees.owner')}
      allLabel={t('fees.allOwners')}
      className="table-filter"
    />
  );
}
