import { useEffect, useState } from 'react';
import { call } from '../api/client';
import { useSession } from '../session/sessionStore';
import { flattenDepartments, managerDepartment, type FlatDepartment } from '../staff/departments';

/**
 * The 部门 filter of 销售统计 ('全部…' or one 部门 with its 小组): every 部门 for the administrator,
 * a 销售经理's own and its 小组; nothing for a salesperson.
 */
export function DepartmentFilter(props: {
  value: number | null;
  onChange(id: number | null): void;
  label: string;
  allLabel: string;
  className: string;
}) {
  const { value, onChange, label } = props;
  const me = useSession((s) => s.user);
  const shown = me?.role === 'admin' || me?.role === 'manager';
  const [options, setOptions] = useState<FlatDepartment[]>([]);
  useEffect(() => {
    if (!me || !shown) return;
    const load = async () => {
      if (me.role === 'admin') return flattenDepartments(await call('departments.list'));
      const own = await managerDepartment(me.id, await call('staff.options'));
      return own ? flattenDepartments([own]) : [];
    };
    load()
      .then(setOptions)
      .catch(() => undefined);
  }, [me, shown]);
  if (!shown || options.length === 0) return null;
  return (
    <label className={props.className}>
      {label}
      <select
        aria-label={label}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{props.allLabel}</option>
        {options.map((f) => (
          <option key={f.node.id} value={f.node.id}>
            {f.path}
          </option>
        ))}
      </select>
    </label>
  );
}
