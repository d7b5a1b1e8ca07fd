import { useTranslation } from 'react-i18next';
import { OwnerFilter } from '../components/OwnerFilter';

/** The 业务员 filter of 工作台 and 销售统计 ('全部业务员' or one). */
export function WorkbenchOwnerFilter(props: { value: number | null; onChange(id: number | null): void }) {
  const { t } = useTranslation();
  return (
    <OwnerFilter {...props} label={t('workbench.owner')} allLabel={t('workbench.allOwners')} className="wb-filter" />
  );
}
