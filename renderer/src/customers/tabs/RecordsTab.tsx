import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  followupMethods,
  recordFields,
  type FollowupMethod,
  type RecordKind,
  type RecordList,
} from '../../../../core/contract/records';
import type { Input } from '../../../../core/contract';
import { call } from '../../api/client';
import type { DraftRow } from '../../drafts/draft';
import { DraftGrid, type DraftColumn } from '../../drafts/DraftGrid';
import { useDraft } from '../../drafts/useDraft';
import { ExportButton } from '../../export/ExportButton';
import { useSession } from '../../session/sessionStore';
import { localMinuteInput } from '../../../../core/contract/dates';

/** A row of the grid: the editable fields of a 维护记录, and what is only shown. */
interface RecordValues {
  kind: RecordKind;
  /** ISO instant. */
  at: string;
  method: FollowupMethod | '';
  contactId: number | null;
  content: string;
  nextOn: string | null;
  /** 'HH:MM' of 下次跟进 on the office host's clock, or null (09:00). */
  nextTime: string | null;
  authorName: string | null;
}

const FIELDS = ['at', 'method', 'contactId', 'content', 'nextOn', 'nextTime'] as const;
type Sent = Pick<RecordValues, (typeof FIELDS)[number]>;

const { kind: _kind, ...editable } = recordFields;
const rowSchema = z.strictObject(editable);
function validate(values: RecordValues): Record<string, string> {
  const sent: Sent = {
    at: values.at,
    method: values.method,
    contactId: values.contactId,
    content: values.content,
    nextOn: values.nextOn,
    nextTime: values.nextTime,
  };
  const r = rowSchema.safeParse(sent);
  const errors: Record<string, string> = r.success
    ? {}
    : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? '_row'), i.message]));
  // The same rule as the handler's: a time rings only with a date.
  if (values.nextTime && !values.nextOn && !errors.nextTime) errors.nextTime = '请先填写下次跟进的日期';
  return errors;
}

const METHOD_KEYS: Record<FollowupMethod, string> = {
  电话: 'phone',
  上门: 'visit',
  微信: 'wechat',
  邮件: 'email',
  其他: 'other',
};

/** A datetime-local value → ISO instant ('' when not a time: the handler names it). */
function fromLocalInput(value: unknown): string {
  const d = new Date(String(value ?? ''));
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

type Show = 'all' | RecordKind;

/** Area 5, 日志及维护记录: 维护记录 kept in a draft until '保存', and the read-only 操作日志. */
export function RecordsTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user?.name ?? null);
  const [show, setShow] = useState<Show>('all');
  const draft = useDraft<RecordValues, (typeof FIELDS)[number], RecordList>({
    tab: 'records',
    title: t('tabs.records'),
    customerId,
    fields: FIELDS,
    load: () => call('records.list', { customerId }),
    // The grid only offers the five 方式; an empty one is named by the handler.
    save: (batch, action) => call('records.save', batch as Input<'records.save'>, { action }),
    rowsOf: (list) =>
      list.rows.map((r) => ({
        id: r.id,
        version: r.version,
        locked: r.kind === 'log' ? t('records.logLocked') : null,
        values: {
          kind: r.kind,
          at: r.at,
          method: r.method,
          contactId: r.contactId,
          content: r.content,
          nextOn: r.nextOn,
          nextTime: r.nextTime,
          authorName: r.kind === 'log' && r.authorId === null ? t('records.system') : r.authorName,
        },
      })),
    validate,
  });

  const contacts = draft.list?.contacts;
  const columns = useMemo<DraftColumn<RecordValues>[]>(() => {
    const contactName = new Map((contacts ?? []).map((c) => [String(c.id), c.name]));
    const methodLabel = (m: unknown) => (m ? t(`records.methods.${METHOD_KEYS[m as FollowupMethod] ?? 'other'}`) : '');
    return [
      {
        field: 'kind',
        header: t('records.kind'),
        width: 96,
        format: (v) => (v === 'log' ? t('records.log') : t('records.followup')),
      },
      {
        field: 'at',
        header: t('records.at'),
        width: 150,
        required: true,
        editor: 'datetime',
        toCell: (v) => localMinuteInput(String(v)),
        fromCell: fromLocalInput,
        format: (v) => String(v ?? '').replace('T', ' '),
      },
      {
        field: 'method',
        header: t('records.method'),
        width: 80,
        required: true,
        editor: 'select',
        options: followupMethods.map((m) => ({ value: m, label: methodLabel(m) })),
        format: methodLabel,
      },
      {
        field: 'contactId',
        header: t('records.contact'),
        width: 100,
        editor: 'select',
        options: [{ value: '', label: '' }, ...(contacts ?? []).map((c) => ({ value: String(c.id), label: c.name }))],
        toCell: (v) => (v === null ? '' : String(v)),
        fromCell: (v) => (v ? Number(v) : null),
        format: (v) => contactName.get(String(v ?? '')) ?? '',
      },
      {
        field: 'content',
        header: t('records.content'),
        flex: 1,
        minWidth: 220,
        required: true,
        editor: 'textarea',
        maxLength: 2000,
      },
      {
        field: 'nextOn',
        header: t('records.nextOn'),
        width: 120,
        editor: 'date',
        toCell: (v) => v ?? '',
        fromCell: (v) => (v ? String(v) : null),
      },
      {
        field: 'nextTime',
        header: t('records.nextTime'),
        width: 90,
        editor: 'text',
        fold: true,
        maxLength: 5,
        placeholder: 'HH:MM',
        toCell: (v) => v ?? '',
        fromCell: (v) => (v ? String(v).trim() : null),
        // A date alone rings at 09:00 (the office host's clock).
        format: (v) => (v ? String(v) : ''),
      },
      { field: 'authorName', header: t('records.author'), width: 90 },
    ];
  }, [contacts, t]);

  const filter = useMemo(
    () => (show === 'all' ? null : (row: DraftRow<RecordValues>) => row.values.kind === show),
    [show],
  );

  const newRecord = (): RecordValues => {
    return {
      kind: 'followup',
      at: new Date().toISOString(),
      method: '电话',
      contactId: null,
      content: '',
      nextOn: null,
      nextTime: null,
      authorName: me,
    };
  };

  const logsShown = draft.rows.filter((r) => r.values.kind === 'log').length;
  const logsTotal = draft.list?.logsTotal ?? 0;
  return (
    <DraftGrid
      draft={draft}
      label={t('records.grid')}
      columns={columns}
      newRow={newRecord}
      newRowAt="top"
      startEditing="content"
      filter={filter}
      tools={
        <>
          <label className="draft-filter">
            {t('records.show')}
            <select value={show} onChange={(e) => setShow(e.target.value as Show)}>
              <option value="all">{t('records.all')}</option>
              <option value="followup">{t('records.followup')}</option>
              <option value="log">{t('records.log')}</option>
            </select>
          </label>
          {/* Every row of the chosen 属性, the 操作日志 beyond the newest 1000 too. */}
          <ExportButton
            request={{ grid: 'records', query: { customerId, kind: show } }}
            dirty={draft.dirty}
            disabled={!draft.list}
          />
        </>
      }
      note={
        logsTotal > logsShown ? (
          <span className="muted">{t('records.logsLimited', { shown: logsShown, total: logsTotal })}</span>
        ) : null
      }
    />
  );
}
