import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, Customer, CustomerRow, Quote, ReminderSlip } from '../../../db/contract';
import { formatMoney, sumCents } from '../../../db/money';
import type { PrintDoc, PrintStamp } from './store';

const money = (cents: number) => formatMoney(cents, { grouping: true });

/** The company line, the document's title and who printed it when. */
function SheetHeader({ stamp, title, children }: { stamp: PrintStamp; title: string; children?: ReactNode }) {
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
      {slip.arrears.length === 0 ? (
        <p className="sheet-none">{t('print.noArrears')}</p>
      ) : (
        <table className="sheet-table">
          <thead>
            <tr>
              <th className="seq">{t('print.seq')}</th>
              <th>{t('print.productCode')}</th>
              <th>{t('print.productName')}</th>
              <th>{t('print.purchasedOn')}</th>
              <th className="num">{t('print.quantity')}</th>
              <th className="num">{t('print.unitPrice')}</th>
              <th className="num">{t('print.due')}</th>
              <th className="num">{t('print.paid')}</th>
              <th className="num">{t('print.arrears')}</th>
            </tr>
          </thead>
          <tbody>
            {slip.arrears.map((a, i) => (
              <tr key={a.purchaseId}>
                <td className="seq">{i + 1}</td>
                <td>{a.productCode}</td>
                <td>{a.productName}</td>
                <td>{a.purchasedOn}</td>
                <td className="num">
                  {a.quantity}
                  {a.unit}
                </td>
                <td className="num">{money(a.unitPriceCents)}</td>
                <td className="num">{money(a.dueCents)}</td>
                <td className="num">{money(a.paidCents)}</td>
                <td className="num">{money(a.arrearsCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={6}>{t('print.subtotal')}</th>
              <th className="num">{money(slip.totals.dueCents)}</th>
              <th className="num">{money(slip.totals.paidCents)}</th>
              <th className="num">{money(slip.totals.arrearsCents)}</th>
            </tr>
          </tfoot>
        </table>
      )}

      <h2>{t('print.feesSection', { days: slip.days })}</h2>
      {slip.fees.length === 0 ? (
        <p className="sheet-none">{t('print.noFees', { days: slip.days })}</p>
      ) : (
        <table className="sheet-table">
          <thead>
            <tr>
              <th className="seq">{t('print.seq')}</th>
              <th>{t('print.productCode')}</th>
              <th>{t('print.productName')}</th>
              <th>{t('print.serviceEndOn')}</th>
              <th>{t('print.feeState')}</th>
              <th className="num">{t('print.annualFee')}</th>
            </tr>
          </thead>
          <tbody>
            {slip.fees.map((f, i) => (
              <tr key={f.purchaseId}>
                <td className="seq">{i + 1}</td>
                <td>{f.productCode}</td>
                <td>{f.productName}</td>
                <td>{f.serviceEndOn}</td>
                <td>
                  {f.daysLeft < 0
                    ? t('fees.overdueBy', { n: -f.daysLeft })
                    : f.daysLeft === 0
                      ? t('fees.dueToday')
                      : t('fees.dueIn', { n: f.daysLeft })}
                </td>
                <td className="num">{money(f.annualFeeCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={5}>{t('print.subtotal')}</th>
              <th className="num">{money(slip.totals.feeCents)}</th>
            </tr>
          </tfoot>
        </table>
      )}

      <p className="sheet-grand">
        {t('print.grandTotal')}
        <strong>{money(grand)}</strong>
        {t('print.yuan')}
        <span className="muted">
          {t('print.grandParts', { arrears: money(slip.totals.arrearsCents), fees: money(slip.totals.feeCents) })}
        </span>
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
      {rows.length === 0 ? (
        <p className="sheet-none">{t('grid.noRows')}</p>
      ) : (
        <table className="sheet-table">
          <thead>
            <tr>
              <th className="seq">{t('print.seq')}</th>
              <th>{t('col.name')}</th>
              <th>{t('col.keyword')}</th>
              <th>{t('col.status')}</th>
              <th>{t('col.owner')}</th>
              <th>{t('col.createdOn')}</th>
              <th>{t('col.phone')}</th>
              <th>{t('col.region')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td className="seq">{i + 1}</td>
                <td>{r.name}</td>
                <td>{r.keyword}</td>
                <td>{r.statusName}</td>
                <td>{r.ownerName}</td>
                <td>{r.createdOn}</td>
                <td>{r.phone}</td>
                <td>{r.region}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
      {contacts.length === 0 ? (
        <p className="sheet-none">{t('print.noContacts')}</p>
      ) : (
        <table className="sheet-table">
          <thead>
            <tr>
              <th>{t('contacts.name')}</th>
              <th>{t('contacts.gender')}</th>
              <th>{t('contacts.title')}</th>
              <th>{t('contacts.mobile')}</th>
              <th>{t('contacts.phone')}</th>
              <th>{t('contacts.email')}</th>
              <th>{t('contacts.im')}</th>
              <th>{t('contacts.birthday')}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name}
                  {c.isPrimary && <span className="sheet-tag">{t('contacts.primary')}</span>}
                </td>
                <td>{c.gender}</td>
                <td>{c.title}</td>
                <td>{c.mobile}</td>
                <td>{c.phone}</td>
                <td>{c.email}</td>
                <td>{c.im}</td>
                <td>{c.birthday ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
      {quotes.length === 0 ? (
        <p className="sheet-none">{t('print.noQuotes')}</p>
      ) : (
        <table className="sheet-table">
          <thead>
            <tr>
              <th className="seq">{t('print.seq')}</th>
              <th>{t('print.productCode')}</th>
              <th>{t('print.productName')}</th>
              <th>{t('print.model')}</th>
              <th className="num">{t('print.quantity')}</th>
              <th className="num">{t('print.quotePrice')}</th>
              <th className="num">{t('print.amount')}</th>
              <th>{t('print.quotedOn')}</th>
              <th>{t('print.note')}</th>
            </tr>
          </thead>
          <tbody>
            {quotes.map((q, i) => (
              <tr key={q.id}>
                <td className="seq">{i + 1}</td>
                <td>{q.productCode}</td>
                <td>{q.productName}</td>
                <td>{q.productModel}</td>
                <td className="num">
                  {q.quantity}
                  {q.productUnit}
                </td>
                <td className="num">{money(q.priceCents)}</td>
                <td className="num">{money(q.amountCents)}</td>
                <td>{q.quotedOn}</td>
                <td>{q.note}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={6}>{t('print.total')}</th>
              <th className="num">{money(total)}</th>
              <th colSpan={2} />
            </tr>
          </tfoot>
        </table>
      )}
      <CompanyDetails stamp={doc} />
      <div className="sheet-sign">
        <span>{t('print.quotedBy', { name: by || doc.printedBy })}</span>
        <span>{doc.company.companyName}</span>
      </div>
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
  }
}
