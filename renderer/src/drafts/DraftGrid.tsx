import {
  type CellDoubleClickedEvent,
  type CellEditRequestEvent,
  type ColDef,
  type GridApi,
  type GridReadyEvent,
  type SelectionChangedEvent,
  type IRowNode,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessages } from '../messages/messagesStore';
import { normalizeDate } from '../../../core/input';
import { rowState, same, type DraftRow } from './draft';
import { InputCellEditor, SelectCellEditor, TextAreaCellEditor, type SelectOption } from './editors';
import type { Draft, DraftList } from './useDraft';
import { selectedRows } from '../components/gridSelection';
import { gridTheme } from '../components/grid';

export interface DraftColumn<T> {
  field: keyof T & string;
  header: string;
  /** Red header, like a required form label. */
  required?: boolean;
  width?: number;
  minWidth?: number;
  flex?: number;
  /** How the cell is edited; absent: a read-only column. */
  editor?: 'text' | 'textarea' | 'select' | 'date' | 'datetime' | 'checkbox';
  options?: SelectOption[];
  maxLength?: number;
  /**
   * A cell of numbers, phones or codes: full-width digits and punctuation folded as typed (date
   * cells always are, and are read as 'YYYY-MM-DD' from '2026/3/1', '２０２６年３月１日'…).
   */
  fold?: boolean;
  /** What an empty text cell's editor shows (e.g. 'HH:MM'; date cells: 'YYYY-MM-DD'). */
  placeholder?: string;
  /** Row value → what the cell and its editor hold (default: the value itself). */
  toCell?(value: T[keyof T & string], row: DraftRow<T>): unknown;
  /** What the editor gives back → the row value (default: as is). */
  fromCell?(cell: unknown): unknown;
  /** What the cell shows, from the cell value. */
  format?(cell: unknown): string;
  /** More classes of the cell, each while its test holds (e.g. 欠款 above zero). */
  classRules?: Record<string, (row: DraftRow<T>) => boolean>;
}

export interface DraftGridProps<T, L extends DraftList> {
  draft: Draft<T, L>;
  /** Accessible name of the grid and its toolbar, e.g. '联系人列表'. */
  label: string;
  columns: DraftColumn<T>[];
  /** The values of a row added by '新增'. */
  newRow?(): T;
  /**
   * Instead of adding newRow(): what '新增' does (e.g. open the product picker and add a row per
   * product chosen); resolves with the keys of the rows it added, the first of which is edited.
   */
  onAdd?(): Promise<string[]>;
  newRowAt?: 'top' | 'bottom';
  /** The cell a new row starts editing in (default: the first text column). */
  startEditing?: keyof T & string;
  /** Instead of a plain edit (e.g. 主联系人: setting one clears the others). */
  onEdit?(key: string, field: keyof T & string, value: unknown): void;
  /** Which loaded rows to show (new rows always show). */
  filter?: ((row: DraftRow<T>) => boolean) | null;
  /** More controls after the four buttons (e.g. a filter). */
  tools?: ReactNode;
  /** A note at the right of the toolbar. */
  note?: ReactNode;
  /** Under the grid (e.g. the totals of a money column). */
  footer?: ReactNode;
  /** The selected rows, whenever the selection changes (for actions on one row, e.g. 收款). */
  onSelectionChange?(rows: DraftRow<T>[]): void;
}

const STATE_MARK = {
  new: 'draft.markNew',
  changed: 'draft.markChanged',
  deleted: 'draft.markDeleted',
  clean: '',
} as const;

/**
 * The editable grid of a draft tab (AG Grid, client-side rows): edited in place; '新增' adds a row,
 * '删除' marks the selected rows (Ctrl/Shift-click selects several) — struck through, still shown —
 * and nothing is written until '保存'. New rows, changed cells and invalid cells are marked.
 */
export function DraftGrid<T, L extends DraftList>(props: DraftGridProps<T, L>) {
  const { draft, columns, label } = props;
  const { t, i18n } = useTranslation();
  const apiRef = useRef<GridApi<DraftRow<T>> | null>(null);
  const [pendingEdit, setPendingEdit] = useState<string | null>(null);
  const filterRef = useRef(props.filter);
  filterRef.current = props.filter;
  const onEditRef = useRef(props.onEdit);
  onEditRef.current = props.onEdit;
  const onSelectionRef = useRef(props.onSelectionChange);
  onSelectionRef.current = props.onSelectionChange;
  const editable = draft.editable;
  const fields = draft.fields;

  useEffect(() => {
    draft.flush.current = () => {
      const api = apiRef.current;
      if (!api || api.getEditingCells().length === 0) return false;
      api.stopEditing();
      return true;
    };
  }, [draft.flush]);

  useEffect(() => {
    apiRef.current?.onFilterChanged();
  }, [props.filter]);

  // AG Grid re-renders only cells whose value changed; the marks (changed, invalid) depend on more.
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
  }, [draft.rows]);

  const colDefs = useMemo<ColDef<DraftRow<T>>[]>(() => {
    const stateCol: ColDef<DraftRow<T>> = {
      colId: '_state',
      headerName: '',
      headerTooltip: t('draft.stateColumn'),
      width: 46,
      resizable: false,
      sortable: false,
      cellClass: 'draft-state',
      valueGetter: (p) => (p.data ? rowState(p.data, fields) : ''),
      valueFormatter: (p) => (p.value && p.value !== 'clean' ? t(STATE_MARK[p.value as keyof typeof STATE_MARK]) : ''),
      tooltipValueGetter: (p) => p.data?.errors._row ?? p.data?.locked ?? undefined,
    };
    return [
      stateCol,
      ...columns.map((c): ColDef<DraftRow<T>> => {
        const f = c.field;
        const def: ColDef<DraftRow<T>> = {
          colId: f,
          headerName: c.header,
          headerClass: c.required ? 'draft-required' : undefined,
          width: c.width,
          minWidth: c.minWidth ?? 60,
          flex: c.flex,
          cellDataType: c.editor === 'checkbox' ? 'boolean' : false,
          valueGetter: (p) => (p.data ? (c.toCell ? c.toCell(p.data.values[f], p.data) : p.data.values[f]) : null),
          valueFormatter: c.format ? (p) => c.format!(p.value) : undefined,
          editable: c.editor ? (p) => !!p.data && editable && !p.data.deleted && !p.data.locked : false,
          cellClassRules: {
            'draft-changed': (p) =>
              !!p.data?.original && !p.data.deleted && !same(p.data.values[f], p.data.original[f]),
            'draft-invalid': (p) => !!p.data?.errors[f],
            ...Object.fromEntries(
              Object.entries(c.classRules ?? {}).map(([cls, test]) => [
                cls,
                (p: { data?: DraftRow<T> }) => !!p.data && test(p.data),
              ]),
            ),
          },
          // A cell's error; for long text (内容, 备注) the whole text, which the cell may cut short.
          tooltipValueGetter: (p) =>
            p.data?.errors[f] ?? (c.editor === 'textarea' && p.value ? String(p.value) : undefined),
        };
        if (c.editor === 'text' || c.editor === 'date' || c.editor === 'datetime') {
          def.cellEditor = InputCellEditor;
          // A date is typed as text: 'YYYY-MM-DD' whatever the system's language.
          def.cellEditorParams = {
            type: c.editor === 'datetime' ? 'datetime-local' : 'text',
            maxLength: c.editor === 'date' ? 16 : c.maxLength,
            fold: c.fold || c.editor === 'date',
            placeholder: c.placeholder ?? (c.editor === 'date' ? 'YYYY-MM-DD' : undefined),
          };
        } else if (c.editor === 'textarea') {
          def.cellEditor = TextAreaCellEditor;
          def.cellEditorPopup = true;
          def.cellEditorParams = { maxLength: c.maxLength };
        } else if (c.editor === 'select') {
          def.cellEditor = SelectCellEditor;
          def.cellEditorParams = { options: c.options ?? [] };
        }
        return def;
      }),
    ];
  }, [columns, editable, fields, t]);

  // A row just added: select it and start editing its first text cell.
  useEffect(() => {
    if (!pendingEdit) return;
    const frame = requestAnimationFrame(() => {
      const api = apiRef.current;
      const node = api?.getRowNode(pendingEdit);
      if (!api || !node || node.rowIndex === null) return;
      setPendingEdit(null);
      api.deselectAll();
      node.setSelected(true);
      api.ensureNodeVisible(node);
      const first = columns.find((c) =>
        props.startEditing ? c.field === props.startEditing : c.editor && c.editor !== 'checkbox',
      );
      if (first) {
        api.setFocusedCell(node.rowIndex, first.field);
        api.startEditingCell({ rowIndex: node.rowIndex, colKey: first.field });
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [pendingEdit, draft.rows, columns, props.startEditing]);

  const selectedKeys = () => (apiRef.current?.getSelectedNodes() ?? []).flatMap((n) => (n.data ? [n.data.key] : []));

  const add = async () => {
    draft.flush.current();
    if (props.onAdd) {
      const [first] = await props.onAdd();
      if (first) setPendingEdit(first);
    } else if (props.newRow) {
      setPendingEdit(draft.store.getState().add(props.newRow(), props.newRowAt));
    }
  };

  const remove = () => {
    draft.flush.current();
    const keys = selectedKeys();
    if (!keys.length) {
      useMessages.getState().add(t('draft.deleteAction', { tab: draft.title }), false, t('draft.selectFirst'));
      return;
    }
    const { locked } = draft.store.getState().toggleDeleted(keys);
    if (locked.length)
      useMessages.getState().add(t('draft.deleteAction', { tab: draft.title }), false, locked[0].locked ?? '');
  };

  // Everything else the grid gets stays the same object across renders: a changed option would
  // make AG Grid redraw rows and end a cell edit in progress.
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const titleRef = useRef(draft.title);
  titleRef.current = draft.title;
  const store = draft.store;
  const gridProps = useMemo(
    () => ({
      getRowId: (p: { data: DraftRow<T> }) => p.data.key,
      defaultColDef: { resizable: true, suppressHeaderMenuButton: true },
      rowSelection: {
        mode: 'multiRow' as const,
        checkboxes: false,
        headerCheckbox: false,
        enableClickSelection: true,
      },
      rowClassRules: {
        'draft-deleted': (p: { data?: DraftRow<T> }) => !!p.data?.deleted,
        'draft-new': (p: { data?: DraftRow<T> }) => p.data?.id === null,
        'draft-locked': (p: { data?: DraftRow<T> }) => !!p.data?.locked,
        'draft-row-invalid': (p: { data?: DraftRow<T> }) => !!p.data?.errors._row,
      },
      isExternalFilterPresent: () => !!filterRef.current,
      doesExternalFilterPass: (node: IRowNode<DraftRow<T>>) =>
        !node.data || node.data.id === null || !filterRef.current || filterRef.current(node.data),
      localeText: { noRowsToShow: t('draft.noRows'), loadingOoo: t('grid.loading') },
      onGridReady: (e: GridReadyEvent<DraftRow<T>>) => {
        apiRef.current = e.api;
      },
      onSelectionChanged: (e: SelectionChangedEvent<DraftRow<T>>) => onSelectionRef.current?.(selectedRows(e.api)),
      onCellEditRequest: (e: CellEditRequestEvent<DraftRow<T>>) => {
        const col = columnsRef.current.find((c) => c.field === e.column.getColId());
        if (!col || !e.data) return;
        const typed = col.editor === 'date' && typeof e.newValue === 'string' ? normalizeDate(e.newValue) : e.newValue;
        const value = col.fromCell ? col.fromCell(typed) : typed;
        (onEditRef.current ?? store.getState().edit)(e.data.key, col.field, value);
      },
      onCellDoubleClicked: (e: CellDoubleClickedEvent<DraftRow<T>>) => {
        if (e.data?.locked && columnsRef.current.some((c) => c.field === e.column.getColId() && c.editor)) {
          useMessages.getState().add(t('draft.editAction', { tab: titleRef.current }), false, e.data.locked);
        }
      },
    }),
    [store, t],
  );

  const shown = draft.rows.length;
  return (
    <div className="draft">
      <div className="draft-toolbar" role="toolbar" aria-label={label}>
        <button type="button" onClick={() => void add()} disabled={!editable}>
          {t('draft.add')}
        </button>
        <button type="button" onClick={remove} disabled={!editable}>
          {t('draft.delete')}
        </button>
        <button type="button" className="primary" onClick={() => void draft.save()} disabled={!editable || draft.busy}>
          {t('draft.save')}
        </button>
        <button type="button" onClick={() => void draft.refresh()} disabled={draft.busy}>
          {t('draft.refresh')}
        </button>
        {props.tools}
        <span className="spacer" />
        {props.note}
        <span className={draft.dirty ? 'draft-status unsaved' : 'draft-status muted'} aria-live="polite">
          {!draft.list
            ? ''
            : !editable
              ? t('draft.readOnly')
              : draft.dirty
                ? t('draft.unsaved')
                : t('draft.rows', { n: shown })}
        </span>
      </div>
      {draft.problem && (
        <div className="draft-problem" role="alert">
          {draft.problem}
        </div>
      )}
      <div className="draft-grid" aria-label={label} role="region">
        <AgGridReact<DraftRow<T>>
          // AG Grid reads its texts (没有记录) once: a new language builds the grid again (the rows are the draft's).
          key={i18n.language}
          theme={gridTheme}
          rowData={draft.rows}
          columnDefs={colDefs}
          loading={draft.busy && !draft.list}
          animateRows={false}
          // A tab's grid is small: every column in the page (keyboard, screen readers, tests).
          suppressColumnVirtualisation
          readOnlyEdit
          stopEditingWhenCellsLoseFocus
          tooltipShowDelay={300}
          {...gridProps}
        />
      </div>
      {props.footer}
    </div>
  );
}
