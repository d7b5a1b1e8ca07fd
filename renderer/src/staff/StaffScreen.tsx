import type { ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { gridTheme } from '../components/grid';
import { Modal } from '../components/Modal';
import { StaffForm } from './StaffForm';
import { exportGrid } from '../export/startExport';
import { confirmDialog, promptDialog } from '../components/questionStore';
import { useStaffDialogs } from './staffDialogsStore';
import { useChanges } from '../api/live';
import { DepartmentPanel } from './DepartmentPanel';
import { roleLabel } from './departments';

/**
 * 人员管理 (administrator): a window over the customer screen with every member of staff —
 * 新增, 编辑, 重置密码, 停用/启用 (停用 of someone with customers opens 离职交接), 转移客户, 删除 (only
 * for someone who never touched data).
 * Closing it returns to the customer screen as it was.
 */
export function StaffScreen({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const revision = useChanges(['staff']);
  const [rows, setRows] = useState<Staff[] | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [form, setForm] = useState<{ staff?: Staff } | null>(null);
  const [error, setError] = useState('');
  const selected = rows?.find((r) => r.id === selectedId) ?? null;
  const apiRef = useRef<GridApi<Staff> | null>(null);

  useEffect(() => {
    let live = true;
    call('staff.list')
      .then((list) => live && setRows(list))
      .catch((err) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [revision]);

  const yesNo = (v: boolean) => (v ? t('staff.yes') : t('staff.no'));
  const columns = useMemo<ColDef<Staff>[]>(
    () => [
      { field: 'name', headerName: t('staff.name'), width: 100 },
      { field: 'login', headerName: t('staff.login'), width: 100 },
      {
        field: 'role',
        headerName: t('staff.role'),
        width: 80,
        valueFormatter: (p) => (p.value ? roleLabel(t, p.value) : ''),
      },
      {
        colId: 'department',
        headerName: t('staff.department'),
        width: 130,
        // The 部门 of the tree; else the free text of earlier versions.
        valueGetter: (p) => p.data?.departmentName || p.data?.department || '',
      },
      { field: 'title', headerName: t('staff.jobTitle'), width: 90 },
      { field: 'mobile', headerName: t('staff.mobile'), width: 120 },
      { field: 'email', headerName: t('staff.email'), flex: 1, minWidth: 100 },
      { field: 'hiredOn', headerName: t('staff.hiredOn'), width: 105 },
      {
        colId: 'active',
        headerName: t('staff.active'),
        width: 66,
        // Text, not AG Grid's inferred boolean checkbox: '是' / '否' like the rest of the screen.
        cellDataType: 'text',
        valueGetter: (p) => (p.data ? yesNo(p.data.active) : ''),
      },
      { field: 'customerCount', headerName: t('staff.customerCount'), width: 80, type: 'rightAligned' },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch {
      /* reported in Message */
    }
  };

  const resetPassword = (s: Staff) => {
    if (!s.login) {
      setError(t('staff.noLogin', { name: s.name }));
      return;
    }
    void promptDialog(t('staff.resetTitle'), t('staff.resetLabel'), '', async (password) => {
      try {
        await call(
          'staff.resetPassword',
          { id: s.id, password },
          { action: t('staff.action.reset', { name: s.name }) },
        );
        return null;
      } catch (err) {
        return errorText(err);
      }
    });
  };

  const setActive = async (s: Staff, active: boolean) => {
    // Someone who leaves with customers in their name: 交接 first (the dialog disables them after).
    if (!active && s.customerCount > 0) {
      useStaffDialogs.getState().openHandover({ fromId: s.id });
      return;
    }
    if (
      !active &&
      !(await confirmDialog(t('staff.disable'), t('staff.confirmDisable', { name: s.name }), t('staff.disable')))
    )
      return;
    await run(() =>
      call(
        'staff.setActive',
        { id: s.id, active },
        { action: t(active ? 'staff.action.enable' : 'staff.action.disable', { name: s.name }) },
      ),
    );
  };

  const remove = async (s: Staff) => {
    if (!(await confirmDialog(t('staff.delete'), t('staff.confirmDelete', { name: s.name }), t('staff.delete'))))
      return;
    await run(() => call('staff.delete', { id: s.id }, { action: t('staff.action.delete', { name: s.name }) }));
    setSelectedId(null);
  };

  const transfer = (s: Staff) => {
    if (!s.customerCount) {
      setError(t('staff.noCustomers', { name: s.name }));
      return;
    }
    useStaffDialogs.getState().openTransfer({ kind: 'all', fromId: s.id, fromName: s.name, count: s.customerCount });
  };

  const need = (fn: (s: Staff) => void) => () => {
    setError('');
    if (selected) fn(selected);
    else setError(t('staff.pickOne'));
  };

  const activeCount = rows?.filter((r) => r.active).length ?? 0;

  return (
    <Modal title={t('staff.title')} onClose={onClose} width={1300}>
      <div className="staff-window">
        <div className="staff-toolbar" role="toolbar" aria-label={t('staff.title')}>
          <button type="button" onClick={() => setForm({})}>
            {t('staff.add')}
          </button>
          <button type="button" onClick={need((s) => setForm({ staff: s }))} disabled={!selected}>
            {t('staff.edit')}
          </button>
          <button type="button" onClick={need(resetPassword)} disabled={!selected}>
            {t('staff.resetPassword')}
          </button>
          {selected && !selected.active ? (
            <button type="button" onClick={need((s) => void setActive(s, true))}>
              {t('staff.enable')}
            </button>
          ) : (
            <button type="button" onClick={need((s) => void setActive(s, false))} disabled={!selected}>
              {t('staff.disable')}
            </button>
          )}
          <button type="button" onClick={need(transfer)} disabled={!selected}>
            {t('staff.transfer')}
          </button>
          <button type="button" onClick={need((s) => void remove(s))} disabled={!selected}>
            {t('staff.delete')}
          </button>
          <button type="button" onClick={() => void exportGrid('staff', apiRef.current, {})} disabled={!rows}>
            {t('export.menu')}
          </button>
          <span className="spacer" />
          <span className="muted" aria-live="polite">
            {rows && t('staff.total', { n: rows.length, active: activeCount })}
          </span>
        </div>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <div className="staff-body">
          <DepartmentPanel />
          <div className="staff-grid">
            <AgGridReact<Staff>
              theme={gridTheme}
              rowData={rows ?? []}
              loading={rows === null && !error}
              columnDefs={columns}
              defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
              getRowId={(p) => String(p.data.id)}
              rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
              rowClassRules={{ 'staff-inactive': (p) => !p.data?.active }}
              localeText={{ noRowsToShow: t('staff.noRows'), loadingOoo: t('grid.loading') }}
              onGridReady={(e) => (apiRef.current = e.api)}
              onSelectionChanged={(e) => {
                setError('');
                setSelectedId(e.api.getSelectedRows()[0]?.id ?? null);
              }}
              onRowDataUpdated={(e) => {
                // Keep the selection across reloads (after an edit the rows are new objects).
                if (selectedId !== null) e.api.getRowNode(String(selectedId))?.setSelected(true);
              }}
              onRowDoubleClicked={(e) => e.data && setForm({ staff: e.data })}
            />
          </div>
        </div>
      </div>
      {form && <StaffForm key={form.staff?.id ?? 'new'} staff={form.staff} onClose={() => setForm(null)} />}
    </Modal>
  );
}
