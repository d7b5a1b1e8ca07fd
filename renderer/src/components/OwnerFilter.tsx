import { useEffect, useState } from 'react';
import type { StaffOption } from '../../../core/contract';
import { call } from '../api/client';
import { useSession } from '../session/sessionStore';
import { teamOptions } from '../staff/departments';

/**
 * The administrator's 业务员 filter ('全部…' or one member of staff) — a 销售经理's offers the
 * members of their 部门; nothing for a salesperson, who sees their own customers anyway. `label` and `allLabel` are the screen's words for it.
 */
export function OwnerFilter(props: {
  value: number | null;
  onChange(id: number | null): void;
  label: string;
  allLabel: string;
  className: string;
}) {
  const { value, onChange, label } = props;
  const me = useSession((s) => s.user);
  const shown = me?.role === 'admin' || me?.role === 'manager';
  const [staff, setStaff] = useState<StaffOption[]>([]);
  useEffect(() => {
    if (!me || !shown) return;
    void call('staff.options')
      .then((all) => (me.role === 'manager' ? teamOptions(me.id, all) : all))
      .then(setStaff)
      .catch(() => undefined);
  }, [me, shown]);
  if (!shown) return null;
  return (
    <label className={props.className}>
      {label}
      <select
        aria-label={label}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{props.allLabel}</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
