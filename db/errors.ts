import type { AppErrorShape, ErrorCode } from '../core/contract.js';

/** An error a handler throws on purpose: it reaches the user as its message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message };
    if (this.fields) shape.fields = this.fields;
    if (this.details !== undefined) shape.details = this.details;
    return shape;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what}不存在，或您无权查看`);
export const forbidden = (what: string) => new AppError('forbidden', what);
/** A field-level refusal: the message names the field. */
export const badField = (field: string, label: string, message: string) =>
  new AppError('bad_input', `${label}：${message}`, { [field]: message });
