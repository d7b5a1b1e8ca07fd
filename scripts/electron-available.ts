/**
 * Whether the Electron binary is installed. The `electron` package is always installed (for its
 * types), but its binary is downloaded by a postinstall step that fails on machines without
 * internet access: then its index.js throws (no path.txt) and there is nothing to run.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The path of the Electron executable, or null when it was not downloaded. */
export function electronBinary(fromDir: string = projectRoot): string | null {
  try {
    // The package's main export is the executable's path (it honours ELECTRON_OVERRIDE_DIST_PATH).
    const binary: unknown = createRequire(path.join(fromDir, 'package.json'))('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
