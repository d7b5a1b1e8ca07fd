import type { HandlersOf } from '../router.js';

export const staffHandlers: HandlersOf<'staff'> = {
  'staff.options': (ctx) =>
    ctx.db
      .prepare<[], { id: number; name: string; role: 'admin' | 'sales' }>(
        `SELECT id, name, role FROM staff WHERE active = 1 ORDER BY role DESC, name`,
      )
      .all(),
};
