import { empty, read, type Labels, type Role } from './common.js';

const labels: Labels = {};

/** An active member of staff, as offered in pickers (业务员 of a customer, delegation target …). */
export interface StaffOption {
  id: number;
  name: string;
  role: Role;
}

export const staffContract = {
  'staff.options': read<StaffOption[]>()(empty, labels),
};
