import type { Handlers } from '../router.js';
import { authHandlers } from './auth.js';
import { contactsHandlers } from './contacts.js';
import { recordsHandlers } from './records.js';
import { catalogHandlers } from './catalog.js';
import { customersHandlers } from './customers.js';
import { delegationsHandlers } from './delegations.js';
import { staffHandlers } from './staff.js';
import { statusesHandlers } from './statuses.js';
import { suppliersHandlers } from './suppliers.js';

/** Every method's handler, one map per area. */
export const handlers: Handlers = {
  ...authHandlers,
  ...statusesHandlers,
  ...customersHandlers,
  ...staffHandlers,
  ...delegationsHandlers,
  ...catalogHandlers,
  ...suppliersHandlers,
  ...contactsHandlers,
  ...recordsHandlers,
};
