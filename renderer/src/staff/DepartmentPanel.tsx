import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentNode } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { useChanges } from '../api/live';
import { choiceDialog, confirmDialog, promptDialog } from '../components/questionStore';
import { flattenDepartments, subtreeIds } from './departments';

/**
 * 人员管理 › 部门: the small tree (部门 › 小组) beside the staff grid — 新增部门, 新增小组,
 * 重命名, 移动, 删除 (only an empty one; the refusal names what is still in it).
 */
export function DepartmentPanel() {
  const { t } = useTranslation();
  const revision = useChanges(['staff']);
  const [tree, setTree] = useState<DepartmentNode[] | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [error, setError] = useState('');
  const flat = flattenDepartments(tree ?? []);
  const selected = flat.find((f) => f.node.id === selectedId)?.node ?? null;

  useEffect(() => {
    let live = true;
    call('departments.list')
      .then((list) => live && setTree(list))
      .catch((err) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [revision]);

  const create = (parent: DepartmentNode | null) => {
    setError('');
    void promptDialog(
      parent ? t('staff.dept.addGroup') : t('staff.dept.add'),
      t('staff.dept.name'),
      '',
      async (name) => {
        try {
          const made = await call(
            'departments.create',
            { name, parentId: parent?.id ?? null },
            { action: t('staff.dept.action.create', { name }) },
          );
          setSelectedId(made.id);
          return null;
        } catch (err) {
          return errorText(err);
        }
      },
    );
  };

  const rename = (d: DepartmentNode) =>
    void promptDialog(t('staff.dept.rename'), t('staff.dept.name'), d.name, async (name) => {
      try {
        await call(
          'departments.rename',
          { id: d.id, version: d.version, name },
          { action: t('staff.dept.action.rename', { from: d.name, to: name }) },
        );
        return null;
      } catch (err) {
        return errorText(err);
      }
    });

  const move = async (d: DepartmentNode) => {
    const own = new Set(subtreeIds(d));
    const choices = [
      { value: '', label: t('staff.dept.top') },
      ...flat.filter((f) => !own.has(f.node.id)).map((f) => ({ value: String(f.node.id), label: f.path })),
    ];
    const to = await choiceDialog(t('staff.dept.moveTitle'), `${t('staff.dept.parent')}：`, choices);
    if (to === null) return;
    try {
      await call(
        'departments.move',
        { id: d.id, version: d.version, parentId: to ? Number(to) : null },
        { action: t('staff.dept.action.move', { name: d.name }) },
      );
    } catch (err) {
      setError(errorText(err));
    }
  };

  const remove = async (d: DepartmentNode) => {
    if (
      !(await confirmDialog(
        t('staff.dept.delete'),
        t('staff.dept.confirmDelete', { name: d.name }),
        t('staff.dept.delete'),
      ))
    )
      return;
    try {
      await call('departments.delete', { id: d.id }, { action: t('staff.dept.action.delete', { name: d.name }) });
      setSelectedId(null);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const need = (fn: (d: DepartmentNode) => void) => () => {
    setError('');
    if (selected) fn(selected);
    else setError(t('staff.dept.pickOne'));
  };

  return (
    <section className="dept-panel" aria-label={t('staff.dept.title')}>
      <div className="dept-head">{t('staff.dept.title')}</div>
      <div className="dept-toolbar" role="toolbar" aria-label={t('staff.dept.title')}>
        <button type="button" onClick={() => create(null)}>
          {t('staff.dept.add')}
        </button>
        <button type="button" onClick={need((d) => create(d))} disabled={!selected}>
          {t('staff.dept.addGroup')}
        </button>
        <button type="button" onClick={need(rename)} disabled={!selected}>
          {t('staff.dept.rename')}
        </button>
        <button type="button" onClick={need((d) => void move(d))} disabled={!selected}>
          {t('staff.dept.move')}
        </button>
        <button type="button" onClick={need((d) => void remove(d))} disabled={!selected}>
          {t('staff.dept.delete')}
        </button>
      </div>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <ul className="dept-tree" role="tree" aria-label={t('staff.dept.title')}>
        {tree?.length === 0 && <li className="muted">{t('staff.dept.none')}</li>}
        {flat.map(({ node, depth }) => (
          <li
            key={node.id}
            role="treeitem"
            aria-level={depth + 1}
            aria-selected={node.id === selectedId}
            tabIndex={0}
            className={node.id === selectedId ? 'selected' : undefined}
            style={{ paddingLeft: 8 + depth * 16 }}
            onClick={() => {
              setError('');
              setSelectedId(node.id);
            }}
            onKeyDown={(e) => e.key === 'Enter' && setSelectedId(node.id)}
          >
            <span className="dept-name">{node.name}</span>
            <span className="muted small"> {t('staff.dept.members', { n: node.totalMembers })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
