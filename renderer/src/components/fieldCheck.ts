import type { z } from 'zod';

/**
 * A field's error as the value changes: once the value passes the contract's check the error goes
 * at once; while it still fails, the error follows what is wrong with it now. Fields without an
 * error are left alone (errors appear on '确定', not while typing).
 */
export function recheck(
  errors: Record<string, string>,
  key: string,
  schema: z.ZodType | undefined,
  value: unknown,
): Record<string, string> {
  if (!(key in errors)) return errors;
  const { [key]: _old, ...rest } = errors;
  if (!schema) return rest;
  const r = schema.safeParse(value);
  return r.success ? rest : { ...errors, [key]: r.error.issues[0]?.message ?? errors[key] };
}
