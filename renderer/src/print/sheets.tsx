import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, Customer, CustomerRow, InstalmentDueRow, Quote, ReminderSlip } from '../../../core/contract';
import { formatMoney, rmbUppercase, sumCents } from '../../../core/money';
import { SheetTable } from './SheetTable';
import { HandoverSheet } from './HandoverSheet';
import type { PrintDoc, PrintStamp } from './printStore';

const money = (cents: number) => formatMoney(cents, { grouping: true });
/** 数量 and its unit, as the cell held them: '2套'. */
const withUnit = (quantity: number, unit: string) => (
  <>
    {quantity}
    {unit}
  </>
);

/** The company line, the document's title and who printed it when. */
export function SheetHeader({ stamp, title, children }: { stamp: PrintStamp; title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="sheet-header">
      {stamp.company.companyName && <div className="sheet-company">{stamp.company.companyName}</div>}
      <h1 className="sheet-title">{title}</h1>
      <div className="sheet-meta">
        {children}
        <span className="sheet-stamp">{t('print.printedBy', { name: stamp.printedBy, at: stamp.printedAt })}</span>
      </div>
    </header>
  );
}

/** The office's contact and bank details, where set. */
function CompanyDetails({ stamp }: { stamp: PrintStamp }) {
  const { t } = useTranslation();
  const c = stamp.company;
  const items = (
    [
      ['settings.companyAddress', c.companyAddress],
      ['settings.companyPhone', c.companyPhone],
      ['settings.companyEmail', c.companyEmail],
      ['settings.companyBank', c.companyBank],
      ['settings.companyAccount', c.companyAccount],
    ] as const
  ).filter(([, v]) => v);
  if (!items.length) return null;
  return (
    <dl className="sheet-company-details">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** 催缴单: what the customer owes (purchases in arrears) and the annual fees due, with totals. */
export function ReminderSheet({ doc, slip }: { doc: PrintStamp; slip: ReminderSlip }) {
  const { t } = useTranslation();
  const c = slip.customer;
  const grand = slip.totals.arrearsCents + slip.totals.feeCents;
  return (
    <article className="sheet reminder-sheet">
      <SheetHeader stamp={doc} title={t('print.reminderTitle')}>
        <span>{t('print.date', { date: slip.today })}</span>
      </SheetHeader>
      <dl className="sheet-fields">
        <div className="wide">
          <dt>{t('print.to')}</dt>
          <dd className="sheet-customer">{c.name}</dd>
        </div>
        {c.contactName && (
          <div>
            <dt>{t('print.contact')}</dt>
            <dd>{[c.contactName, c.contactPhone].filter(Boolean).join(' ')}</dd>
          </div>
        )}
        {c.phone && (
          <div>
            <dt>{t('customer.phone')}</dt>
            <dd>{c.phone}</dd>
          </div>
        )}
        {c.address && (
          <div className="wide">
            <dt>{t('customer.address')}</dt>
            <dd>{c.address}</dd>
          </div>
        )}
      </dl>
      <p className="sheet-letter">
        {t('print.reminderIntro', { company: doc.company.companyName || t('print.ourCompany'), date: slip.today })}
      </p>

      <h2>{t('print.arrearsSection')}</h2>
      <SheetTable
        rows={slip.arrears}
        rowKey={(a) => a.purchaseId}
        numbered
        empty={t('print.noArrears')}
        columns={[
          { header: t('print.productCode'), cell: (a) => a.productCode },
          { header: t('print.productName'), cell: (a) => a.productName },
          { header: t('print.purchasedOn'), cell: (a) => a.purchasedOn },
          { header: t('print.quantity'), num: true, cell: (a) => withUnit(a.quantity, a.unit) },
          { header: t('print.unitPrice'), num: true, cell: (a) => money(a.unitPriceCents) },
          { header: t('print.due'), num: true, cell: (a) => money(a.dueCents) },
          { header: t('print.paid'), num: true, cell: (a) => money(a.paidCents) },
          { header: t('print.arrears'), num: true, cell: (a) => money(a.arrearsCents) },
        ]}
        footer={
          <>
            <th colSpan={6}>{t('print.subtotal')}</th>
            <th className="num">{money(slip.totals.dueCents)}</th>
            <th className="num">{money(slip.totals.paidCents)}</th>
            <th className="num">{money(slip.totals.arrearsCents)}</th>
          </>
        }
      />

      <h2>{t('print.feesSection', { days: slip.days })}</h2>
      <SheetTable
        rows={slip.fees}
        rowKey={(f) => f.purchaseId}
        numbered
        empty={t('print.noFees', { days: slip.days })}
        columns={[
          { header: t('print.productCode'), cell: (f) => f.productCode },
          { header: t('print.productName'), cell: (f) => f.productName },
          { header: t('print.serviceEndOn'), cell: (f) => f.serviceEndOn },
          {
            header: t('print.feeState'),
            cell: (f) =>
              f.daysLeft < 0
                ? t('fees.overdueBy', { n: -f.daysLeft })
                : f.daysLeft === 0
                  ? t('fees.dueToday')
                  : t('fees.dueIn', { n: f.daysLeft }),
          },
          { header: t('print.annualFee'), num: true, cell: (f) => money(f.annualFeeCents) },
        ]}
        footer={
          <>
            <th colSpan={5}>{t('print.subtotal')}</th>
            <th className="num">{money(slip.totals.feeCents)}</th>
          </>
        }
      />

      <p className="sheet-grand">
        {t('print.grandTotal')}
        <strong>{money(grand)}</strong>
        {t('print.yuan')}
        <span className="muted">
          {t('print.grandParts', { arrears: money(slip.totals.arrearsCents), fees: money(slip.totals.feeCents) })}
        </span>
      </p>
      <p className="sheet-uppercase" data-field="uppercase">
        {t('print.uppercase')}
        <strong>{rmbUppercase(grand)}</strong>
      </p>
      <p className="sheet-letter">{t('print.reminderClosing')}</p>
      <CompanyDetails stamp={doc} />
      <div className="sheet-sign">
        <span>{t('print.salesperson', { name: c.ownerName })}</span>
        <span>
          {doc.company.companyName}
          <br />
          {slip.today}
        </span>
      </div>
    </article>
  );
}

/** The customer list as the grid shows it: title, the filter in words, a numbered table. */
export function CustomerListSheet({
  doc,
  title,
  filter,
  rows,
  total,
}: {
  doc: PrintStamp;
  title: string;
  filter: string;
  rows: CustomerRow[];
  total: number;
}) {
  const { t } = useTranslation();
  return (
    <article className="sheet list-sheet">
      <SheetHeader stamp={doc} title={title}>
        <span className="sheet-filter">{filter}</span>
        <span>
          {rows.length < total
            ? t('print.capped', { total: total.toLocaleString('en-US'), shown: rows.length.toLocaleString('en-US') })
            : t('print.count', { n: total })}
        </span>
      </SheetHeader>
      <SheetTable
        rows={rows}
        rowKey={(r) => r.id}
        numbered
        empty={t('grid.noRows')}
        columns={[
          { header: t('col.name'), cell: (r) => r.name },
          { header: t('col.keyword'), cell: (r) => r.keyword },
          { header: t('col.status'), cell: (r) => r.statusName },
          { header: t('col.owner'), cell: (r) => r.ownerName },
          { header: t('col.createdOn'), cell: (r) => r.createdOn },
          { header: t('col.phone'), cell: (r) => r.phone },
          { header: t('col.region'), cell: (r) => r.region },
        ]}
      />
    </article>
  );
}

const CARD_FIELDS = [
  ['name', 'customer.name', true],
  ['keyword', 'customer.keyword'],
  ['statusName', 'customer.status'],
  ['ownerName', 'customer.owner'],
  ['createdOn', 'customer.createdOn'],
  ['industry', 'customer.industry'],
  ['source', 'customer.source'],
  ['region', 'customer.region'],
  ['phone', 'customer.phone'],
  ['fax', 'customer.fax'],
  ['email', 'customer.email'],
  ['website', 'customer.website'],
  ['address', 'customer.address', true],
  ['note', 'customer.note', true],
] as const;

/** 客户资料卡: every field of a customer and its contacts, one customer per page. */
export function CustomerCardSheet({
  doc,
  customer,
  contacts,
}: {
  doc: PrintStamp;
  customer: Customer;
  contacts: Contact[];
}) {
  const { t } = useTranslation();
  return (
    <article className="sheet card-sheet">
      <SheetHeader stamp={doc} title={t('print.cardTitle')} />
      <table className="sheet-table card-fields" aria-label={t('print.cardTitle')}>
        <tbody>
          {CARD_FIELDS.map(([key, label, wide]) => (
            <tr key={key} className={wide ? 'wide' : ''}>
              <th scope="row">{t(label)}</th>
              <td>{String(customer[key] ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('tabs.contacts')}</h2>
      <SheetTable
        rows={contacts}
        rowKey={(c) => c.id}
        empty={t('print.noContacts')}
        columns={[
          {
            header: t('contacts.name'),
            cell: (c) => (
              <>
                {c.name}
                {c.isPrimary && <span className="sheet-tag">{t('contacts.primary')}</span>}
              </>
            ),
          },
          { header: t('contacts.gender'), cell: (c) => c.gender },
          { header: t('contacts.title'), cell: (c) => c.title },
          { header: t('contacts.mobile'), cell: (c) => c.mobile },
          { header: t('contacts.phone'), cell: (c) => c.phone },
          { header: t('contacts.email'), cell: (c) => c.email },
          { header: t('contacts.im'), cell: (c) => c.im },
          { header: t('contacts.birthday'), cell: (c) => c.birthday ?? '' },
        ]}
      />
    </article>
  );
}

/** 报价单: the customer's quote lines with 金额 and the total. */
export function QuoteSheet({
  doc,
  customer,
  contact,
  quotes,
}: {
  doc: PrintStamp;
  customer: Customer;
  contact: Contact | null;
  quotes: Quote[];
}) {
  const { t } = useTranslation();
  const total = sumCents(quotes.map((q) => q.amountCents));
  const by = [...new Set(quotes.map((q) => q.quotedByName).filter(Boolean))].join('、');
  return (
    <article className="sheet quote-sheet">
      <SheetHeader stamp={doc} title={t('print.quoteTitle')} />
      <dl className="sheet-fields">
        <div className="wide">
          <dt>{t('print.to')}</dt>
          <dd className="sheet-customer">{customer.name}</dd>
        </div>
        {contact && (
          <div>
            <dt>{t('print.contact')}</dt>
            <dd>{[contact.name, contact.mobile || contact.phone].filter(Boolean).join(' ')}</dd>
          </div>
        )}
        {customer.phone && (
          <div>
            <dt>{t('customer.phone')}</dt>
            <dd>{customer.phone}</dd>
          </div>
        )}
      </dl>
      <SheetTable
        rows={quotes}
        rowKey={(q) => q.id}
        numbered
        empty={t('print.noQuotes')}
        columns={[
          { header: t('print.productCode'), cell: (q) => q.productCode },
          { header: t('print.productName'), cell: (q) => q.productName },
          { header: t('print.model'), cell: (q) => q.productModel },
          { header: t('print.quantity'), num: true, cell: (q) => withUnit(q.quantity, q.productUnit) },
          { header: t('print.quotePrice'), num: true, cell: (q) => money(q.priceCents) },
          { header: t('print.amount'), num: true, cell: (q) => money(q.amountCents) },
          { header: t('print.quotedOn'), cell: (q) => q.quotedOn },
          { header: t('print.note'), cell: (q) => q.note },
        ]}
        footer={
          <>
            <th colSpan={6}>{t('print.total')}</th>
            <th className="num">{money(total)}</th>
            <th colSpan={2} />
          </>
        }
      />
      <p className="sheet-uppercase" data-field="uppercase">
        {t('print.uppercase')}
        <strong>{rmbUppercase(total)}</strong>
        <span className="muted">（¥{money(total)}）</span>
      </p>
      <CompanyDetails stamp={doc} />
      <div className="sheet-sign">
        <span>{t('print.quotedBy', { name: by || doc.printedBy })}</span>
        <span>{doc.company.companyName}</span>
      </div>
    </article>
  );
}

/** Tab 9's 回款计划 list as shown: the view and 业务员 in words, a numbered table, the total. */
export function InstalmentListSheet({
  doc,
  title,
  filter,
  rows,
  total,
  openCents,
}: {
  doc: PrintStamp;
  title: string;
  filter: string;
  rows: InstalmentDueRow[];
  total: number;
  openCents: number;
}) {
  const { t } = useTranslation();
  return (
    <article className="sheet list-sheet">
      <SheetHeader stamp={doc} title={title}>
        <span className="sheet-filter">{filter}</span>
        <span>
          {rows.length < total
            ? t('instalments.capped', {
                total: total.toLocaleString('en-US'),
                shown: rows.length.toLocaleString('en-US'),
              })
            : t('instalments.count', { n: total })}
        </span>
      </SheetHeader>
      <SheetTable
        rows={rows}
        rowKey={(r) => r.instalmentId}
        numbered
        empty={t('instalments.none')}
        columns={[
          { header: t('instalments.customer'), cell: (r) => r.customerName },
          { header: t('instalments.product'), cell: (r) => r.productName },
          { header: t('instalments.seq'), cell: (r) => String(r.seq) },
          { header: t('instalments.dueOn'), cell: (r) => r.dueOn },
          { header: t('instalments.amount'), cell: (r) => money(r.amountCents) },
          { header: t('instalments.paid'), cell: (r) => money(r.paidCents) },
          { header: t('instalments.open'), cell: (r) => money(r.openCents) },
          { header: t('instalments.owner'), cell: (r) => r.ownerName },
        ]}
      />
      <p className="sheet-total">
        {t('instalments.summary', {
          count: total,
          amount: money(sumCents(rows.map((r) => r.amountCents))),
          open: money(openCents),
        })}
      </p>
    </article>
  );
}

/** The sheets of a document. */
export function PrintSheets({ doc }: { doc: PrintDoc }) {
  switch (doc.kind) {
    case 'reminder':
      return <ReminderSheet doc={doc} slip={doc.slip} />;
    case 'customers':
      return <CustomerListSheet doc={doc} title={doc.title} filter={doc.filter} rows={doc.rows} total={doc.total} />;
    case 'cards':
      return (
        <>
          {doc.cards.map((c) => (
            <CustomerCardSheet key={c.customer.id} doc={doc} customer={c.customer} contacts={c.contacts} />
          ))}
        </>
      );
    case 'quotes':
      return <QuoteSheet doc={doc} customer={doc.customer} contact={doc.contact} quotes={doc.quotes} />;
    case 'instalments':
      return (
        <InstalmentListSheet
          doc={doc}
          title={doc.title}
          filter={doc.filter}
          rows={doc.rows}
          total={doc.total}
          openCents={doc.openCents}
        />
      );
    case 'handover':
      return <HandoverSheet doc={doc} head={doc.head} rows={doc.rows} />;
  }
}

/** The document's title (the preview's name, and the PDF's when saved). */
export function docTitle(doc: PrintDoc, t: (key: string) => string): string {
  switch (doc.kind) {
    case 'reminder':
      return `${t('print.reminderTitle')} ${doc.slip.customer.name}`;
    case 'customers':
      return doc.title;
    case 'cards':
      return `${t('print.cardTitle')} ${doc.cards.map((c) => c.customer.name).join('、')}`;
    case 'quotes':
      return `${t('print.quoteTitle')} ${doc.customer.name}`;
    case 'instalments':
      return doc.title;
    case 'handover':
      return `${t('handover.sheetTitle')} ${doc.head.fromName}`;
  }
}
