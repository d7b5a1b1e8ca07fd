import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { contactFields, type ContactFields, type ContactList } from '../../../../core/contract/contacts';
import { call } from '../../api/client';
import { DraftGrid, type DraftColumn } from '../../drafts/DraftGrid';
import { useDraft } from '../../drafts/useDraft';
import { ExportButton } from '../../export/ExportButton';

const FIELDS = ['name', 'gender', 'title', 'mobile', 'phone', 'email', 'im', 'birthday', 'isPrimary', 'note'] as const;

/** The same rules the handler applies, checked as the user types (the handler has the last word). */
const rowSchema = z.strictObject(contactFields);
function validate(values: ContactFields): Record<string, string> {
  const r = rowSchema.safeParse(values);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0] ?? '_row'), i.message]));
}

const emptyContact = (): ContactFields => ({
  name: '',
  gender: '',
  title: '',
  mobile: '',
  phone: '',
  email: '',
  im: '',
  birthday: null,
  isPrimary: false,
  note: '',
});

/** Area 4, 联系人: the customer's contacts, kept in a draft until '保存'. */
export function ContactsTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const draft = useDraft<ContactFields, (typeof FIELDS)[number], ContactList>({
    tab: 'contacts',
    title: t('tabs.contacts'),
    customerId,
    fields: FIELDS,
    load: () => call('contacts.list', { customerId }),
    save: (batch, action) => call('contacts.save', batch, { action }),
    rowsOf: (list) => list.rows.map(({ id, version, ...values }) => ({ id, version, values })),
    validate,
  });

  const columns = useMemo<DraftColumn<ContactFields>[]>(() => {
    const genderLabel: Record<string, string> = { '': '', 男: t('contacts.male'), 女: t('contacts.female') };
    const text = (field: keyof ContactFields & string, header: string, width: number, maxLength = 50) =>
      ({ field, header, width, editor: 'text', maxLength }) as const;
    return [
      { ...text('name', t('contacts.name'), 110), required: true },
      {
        field: 'gender',
        header: t('contacts.gender'),
        width: 70,
        editor: 'select',
        options: ['', '男', '女'].map((g) => ({ value: g, label: genderLabel[g] })),
        format: (v) => genderLabel[String(v ?? '')] ?? String(v),
      },
      text('title', t('contacts.title'), 110),
      // 手机, 电话, 邮箱: full-width digits and punctuation folded as typed.
      { ...text('mobile', t('contacts.mobile'), 130, 40), fold: true },
      { ...text('phone', t('contacts.phone'), 140, 40), fold: true },
      { ...text('email', t('contacts.email'), 170, 120), fold: true },
      text('im', t('contacts.im'), 110),
      {
        field: 'birthday',
        header: t('contacts.birthday'),
        width: 120,
        editor: 'date',
        toCell: (v) => v ?? '',
        fromCell: (v) => (v ? String(v) : null),
      },
      { field: 'isPrimary', header: t('contacts.primary'), width: 90, editor: 'checkbox' },
      { field: 'note', header: t('contacts.note'), flex: 1, minWidth: 140, editor: 'textarea', maxLength: 500 },
    ];
  }, [t]);

  return (
    <DraftGrid
      draft={draft}
      label={t('contacts.grid')}
      columns={columns}
      newRow={emptyContact}
      tools={
        <ExportButton
          request={{ grid: 'contacts', query: { customerId } }}
          dirty={draft.dirty}
          disabled={!draft.list}
        />
      }
      onEdit={(key, field, value) => {
        const s = draft.store.getState();
        // At most one 主联系人: ticking one unticks the others (the handler does the same).
        if (field === 'isPrimary' && value === true) {
          for (const r of s.rows)
            if (r.key !== key && r.values.isPrimary && !r.deleted) s.edit(r.key, 'isPrimary', false);
        }
        draft.store.getState().edit(key, field, value);
      }}
    />
  );
}
