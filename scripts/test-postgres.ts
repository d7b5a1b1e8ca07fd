/**
 * The PostgreSQL that `npm test`'s "unit tests on PostgreSQL" step runs against:
 * - KEHU_TEST_PG_URL when it is set (a role with CREATEDB; each test app gets its own database);
 * - otherwise this machine's Debian cluster (`pg_lsclusters`): started when it is down
 *   (`pg_ctlcluster --skip-systemctl-redirect <version> main start`; the server runs as its own
 *   user `postgres`, never as root), with a role `kehu` (CREATEDB, no superuser) made for the tests.
 * Returns the admin connection string, or null with the one line that says how to get one.
 */
import { spawnSync } from 'node:child_process';

export const TEST_ROLE = 'kehu_test';
const PASSWORD = 'kehu_test';

const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });

const HOW =
  'PostgreSQL 测试已跳过：没有 PostgreSQL。安装 Debian 的 postgresql（apt-get install -y postgresql）后以 root 运行 npm test，或设置 KEHU_TEST_PG_URL=postgres://用户:密码@127.0.0.1:5432/postgres（用户需有 CREATEDB）';

export function testPostgres(): { url: string } | { skip: string } {
  if (process.env.KEHU_TEST_PG_URL) return { url: process.env.KEHU_TEST_PG_URL };
  const ls = sh('pg_lsclusters', ['--no-header']);
  if (ls.status !== 0 || !ls.stdout.trim()) return { skip: HOW };
  const [version, cluster, port, status] = ls.stdout.trim().split('\n')[0].trim().split(/\s+/);
  if (status !== 'online') {
    const start = sh('pg_ctlcluster', ['--skip-systemctl-redirect', version, cluster, 'start']);
    if (start.status !== 0) return { skip: `${HOW}（启动 ${version}/${cluster} 失败：${start.stderr.trim()}）` };
  }
  // The role the tests use: made by the cluster's superuser, who is the OS user postgres.
  const sql =
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TEST_ROLE}') THEN ` +
    `CREATE ROLE ${TEST_ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}'; END IF; END $$;`;
  const asPostgres =
    process.getuid?.() === 0
      ? sh('runuser', ['-u', 'postgres', '--', 'psql', '-p', port, '-qAtc', sql])
      : sh('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-qAtc', sql]);
  if (asPostgres.status !== 0) return { skip: `${HOW}（创建测试角色失败：${asPostgres.stderr.trim()}）` };
  return { url: `postgres://${TEST_ROLE}:${PASSWORD}@127.0.0.1:${port}/postgres` };
}
