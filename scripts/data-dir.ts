import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for its per-user folder (app.getPath('userData')). */
export const APP_FOLDER = 'Kehu CRM';

/**
 * The per-user data folder the desktop app uses, computed the way Electron does, so the browser
 * mode without --data opens the same database as the desktop app on this machine.
 */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  // KEHU_DATA_DIR chooses another folder (e.g. a second disk), for every way the app starts.
  if (env.KEHU_DATA_DIR) return env.KEHU_DATA_DIR;
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), APP_FOLDER);
}
