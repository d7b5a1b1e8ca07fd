/** '2026/12/1 09:30:00': an instant in the office's local time. */
export const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** '260 KB', '12.4 MB'. */
export const fileSize = (bytes: number) =>
  bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
