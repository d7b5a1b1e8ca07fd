import { mergeAreas } from '../../core/contract/common.js';
import type { Handlers } from '../router.js';
import { authHandlers } from './auth.js';
import { contactsHandlers } from './contacts.js';
import { recordsHandlers } from './records.js';
import { quotesHandlers } from './quotes.js';
import { purchasesHandlers } from './purchases.js';
import { catalogHandlers } from './catalog.js';
import { customersHandlers } from './customers.js';
import { delegationsHandlers } from './delegations.js';
import { staffHandlers } from './staff.js';
import { departmentsHandlers } from './departments.js';
import { handoverHandlers } from './handover.js';
import { statusesHandlers } from './statuses.js';
import { suppliersHandlers } from './suppliers.js';
import { feesHandlers } from './fees.js';
import { paymentsHandlers } from './payments.js';
import { instalmentsHandlers } from './instalments.js';
import { settingsHandlers } from './settings.js';
import { exportHandlers } from './export.js';
import { importHandlers } from './import.js';
import { workbenchHandlers } from './workbench.js';
import { statsHandlers } from './stats.js';
import { remindersHandlers } from './reminders.js';
import { targetsHandlers } from './targets.js';
import { poolHandlers } from './pool.js';

/** Every method's handler, one map per area. */
export const handlers: Handlers = mergeAreas(
  authHandlers,
  statusesHandlers,
  customersHandlers,
  staffHandlers,
  departmentsHandlers,
  handoverHandlers,
  delegationsHandlers,
  catalogHandlers,
  suppliersHandlers,
  contactsHandlers,
  recordsHandlers,
  quotesHandlers,
  purchasesHandlers,
  feesHandlers,
  paymentsHandlers,
  instalmentsHandlers,
  settingsHandlers,
  exportHandlers,
  importHandlers,
  workbenchHandlers,
  statsHandlers,
  remindersHandlers,
  targetsHandlers,
  poolHandlers,
);
