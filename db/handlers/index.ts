import type { Handlers } from '../router.js';
import { authHandlers } from './auth.js';
import { customersHandlers } from './customers.js';
import { staffHandlers } from './staff.js';
import { statusesHandlers } from './statuses.js';

/** Every method's handler, one map per area. */
export const handlers: Handlers = {
  ...authHandlers,
  ...statusesHandlers,
  ...customersHandlers,
  ...staffHandlers,
};
