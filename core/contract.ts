/**
 * The one API of the product: every method's name, zod input schema and output type.
 * The router validates against it; the renderer's client is typed from it.
 */
import type { z } from 'zod';
import { authContract } from './contract/auth.js';
import { contactsContract } from './contract/contacts.js';
import { recordsContract } from './contract/records.js';
import { quotesContract } from './contract/quotes.js';
import { purchasesContract } from './contract/purchases.js';
import { catalogContract } from './contract/catalog.js';
import { mergeAreas, type Method } from './contract/common.js';
import type { ChangeEvent } from './contract/areas.js';
import { officeContract } from './contract/office.js';
import { customersContract } from './contract/customers.js';
import { delegationsContract } from './contract/delegations.js';
import { staffContract } from './contract/staff.js';
import { departmentsContract } from './contract/departments.js';
import { handoverContract } from './contract/handover.js';
import { statusesContract } from './contract/statuses.js';
import { suppliersContract } from './contract/suppliers.js';
import { feesContract } from './contract/fees.js';
import { paymentsContract } from './contract/payments.js';
import { instalmentsContract } from './contract/instalments.js';
import { settingsContract } from './contract/settings.js';
import { exportContract } from './contract/export.js';
import { importContract } from './contract/import.js';
import { workbenchContract } from './contract/workbench.js';
import { statsContract } from './contract/stats.js';
import { remindersContract } from './contract/reminders.js';
import type { ReminderItem } from './contract/reminders.js';
import { targetsContract } from './contract/targets.js';
import { poolContract } from './contract/pool.js';

export const contract = mergeAreas(
  authContract,
  statusesContract,
  customersContract,
  staffContract,
  departmentsContract,
  handoverContract,
  delegationsContract,
  catalogContract,
  suppliersContract,
  contactsContract,
  recordsContract,
  quotesContract,
  purchasesContract,
  feesContract,
  paymentsContract,
  instalmentsContract,
  settingsContract,
  exportContract,
  importContract,
  workbenchContract,
  statsContract,
  remindersContract,
  targetsContract,
  poolContract,
  officeContract,
) satisfies Record<string, Method>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller sends (defaults may be left out). */
export type Input<N extends MethodName> = z.input<Contract[N]['input']>;
/** What a handler receives, after validation. */
export type Parsed<N extends MethodName> = z.output<Contract[N]['input']>;
export type Output<N extends MethodName> = Exclude<Contract[N]['__output'], undefined>;

export type ErrorCode =
  | 'bad_input'
  | 'unknown_method'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'duplicate'
  | 'internal'
  /** The user must first choose a new password (reset by an administrator). */
  | 'password_change_required'
  /** Too many failed logins: wait (the message says how long). */
  | 'throttled'
  /** Too many or too large messages on one connection. */
  | 'rate_limited'
  /** The office server cannot be reached (the call was not made). */
  | 'offline'
  /** Client and server are different versions of the app. */
  | 'version_mismatch'
  /** The database file failed its check: every call is refused; the message names the last good backup. */
  | 'database_damaged';

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Field key → what is wrong with it, for showing beside the field. */
  fields?: Record<string, string>;
  /** Extra data, e.g. the matches of a keyword duplicate warning. */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Events the data side pushes to windows. */
export interface Events {
  /** A write happened (in this window or another): what it changed. */
  changed: ChangeEvent;
  /** This window's session ended on the server (idle, disconnected by an administrator, restore). */
  sessionEnded: { reason: string };
  /** Reminders the office host rang for this window's person, this minute (or at login). */
  reminders: { items: ReminderItem[] };
  /** The connection to the data side: lost (reconnecting), back, or refused for good. */
  connection: ConnectionState;
}

export type ConnectionState =
  { state: 'open' } | { state: 'lost'; retryInMs: number } | { state: 'refused'; message: string };

export * from './contract/common.js';
export * from './contract/areas.js';
export * from './contract/auth.js';
export * from './contract/statuses.js';
export * from './contract/customers.js';
export * from './contract/staff.js';
export * from './contract/departments.js';
export * from './contract/handover.js';
export * from './contract/delegations.js';
export * from './contract/catalog.js';
export * from './contract/suppliers.js';
export * from './contract/batch.js';
export * from './contract/contacts.js';
export * from './contract/records.js';
export * from './contract/quotes.js';
export * from './contract/purchases.js';
export * from './contract/fees.js';
export * from './contract/payments.js';
export * from './contract/instalments.js';
export * from './contract/settings.js';
export * from './contract/export.js';
export * from './contract/import.js';
export * from './contract/workbench.js';
export * from './contract/stats.js';
export * from './contract/reminders.js';
export * from './contract/targets.js';
export * from './contract/pool.js';
export * from './contract/office.js';
export * from './contract/dates.js';
