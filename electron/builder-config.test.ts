/**
 * electron-builder.yml, checked without building (the Electron binary is not here): the Windows
 * installer's fields, the fuses, better-sqlite3 rebuilt and unpacked, the icons, the Linux
 * targets — and the files list: everything the app loads at run time is packaged, nothing from the
 * sources, tests or source maps.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostWorkerBuild, mainBuild, pgWorkerBuild, preloadBuild, workerBuild } from '../scripts/build-electron.js';
import { ICO_SIZES } from '../scripts/make-icon.js';

const require = createRequire(import.meta.url);
// electron-builder's own YAML reader and glob matcher (its dependencies).
const yaml = require('js-yaml') as { load(text: string): unknown };
const minimatch = require('minimatch') as (file: string, pattern: string, opts?: { dot?: boolean }) => boolean;

const root = path.resolve(import.meta.dirname, '..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * Whether electron-builder packs `rel`: the `files` patterns in order (a later '!' pattern
 * excludes), with the production dependencies' node_modules added by electron-builder itself.
 */
function packaged(rel: string): boolean {
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(rel)?.[1];
  let included = !!dep && isProductionDep(dep);
  for (const p of config.files as string[]) {
    if (p.startsWith('!')) {
      if (minimatch(rel, p.slice(1), { dot: true })) included = false;
    } else if (minimatch(rel, p, { dot: true })) included = true;
  }
  return included;
}

/** The production dependencies and theirs, all the way down (better-sqlite3 → bindings → file-uri-to-path). */
const productionDeps = (() => {
  const seen = new Set<string>();
  const queue = Object.keys(pkg.dependencies);
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = path.join(root, 'node_modules', name, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const deps = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> })
      .dependencies;
    queue.push(...Object.keys(deps ?? {}));
  }
  return seen;
})();
const isProductionDep = (name: string) => productionDeps.has(name);

const rel = (file: string) => path.relative(root, path.resolve(root, file)).split(path.sep).join('/');

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder (its own schema check), and a misspelt option is not', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(c: unknown, log: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    const log = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config), log)).resolves.toBeUndefined();
    const typo = structuredClone(config);
    typo.nsis.oneClik = false;
    await expect(validateConfiguration(typo, log)).rejects.toThrow(/configuration\.nsis/);
  }, 60_000);

  it('makes an assisted, per-machine NSIS installer in Chinese and English, keeping the data', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      shortcutName: '客户关系管理系统',
      deleteAppDataOnUninstall: false,
    });
    expect(config.nsis.installerLanguages).toEqual(['zh_CN', 'en_US']);
    expect(config.nsis.multiLanguageInstaller).toBe(true);
  });

  it('has real icons: a 512 px PNG and an ICO up to 256 px', () => {
    expect(config.directories.buildResources).toBe('build');
    const png = fs.readFileSync(path.join(root, config.linux.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    for (const ico of [config.win.icon, config.nsis.installerIcon, config.nsis.uninstallerIcon]) {
      const buf = fs.readFileSync(path.join(root, ico));
      expect(buf.readUInt16LE(2)).toBe(1); // an icon
      const count = buf.readUInt16LE(4);
      const sizes = Array.from({ length: count }, (_, i) => buf[6 + 16 * i] || 256);
      expect(sizes).toEqual(ICO_SIZES);
    }
  });

  it('rebuilds better-sqlite3 for Electron while packaging and unpacks it from app.asar', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(pkg.dependencies).toHaveProperty('better-sqlite3');
    expect(pkg.devDependencies).toHaveProperty('electron'); // electron-builder requires it there
    for (const build of [mainBuild, workerBuild, hostWorkerBuild]) expect(build.external).toContain('better-sqlite3');
    const node = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect((config.asarUnpack as string[]).some((p) => minimatch(node, p, { dot: true }))).toBe(true);
  });

  it('turns the fuses on, asar integrity included', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      resetAdHocDarwinSignature: true,
    });
    // Every fuse is one electron-builder knows (a typo would be ignored silently).
    const scheme = require('app-builder-lib/scheme.json') as {
      definitions: Record<string, { properties: Record<string, unknown> }>;
    };
    expect(Object.keys(scheme.definitions.FuseOptionsV1.properties)).toEqual(
      expect.arrayContaining(Object.keys(config.electronFuses)),
    );
  });

  it('makes an AppImage and a .deb for Linux', () => {
    expect((config.linux.target as { target: string }[]).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Office');
  });

  it('packs everything the app loads at run time', () => {
    const runtime = [
      pkg.main,
      'package.json',
      ...[mainBuild, preloadBuild, workerBuild, hostWorkerBuild, pgWorkerBuild].map((b) => rel(b.outfile!)),
      ...['', 'pg/'].flatMap((sub) =>
        fs
          .readdirSync(path.join(root, 'db', 'migrations', sub))
          .filter((f) => f.endsWith('.sql'))
          .map((f) => `dist/electron/migrations/${sub}${f}`),
      ),
      'dist/renderer/index.html',
      'dist/renderer/assets/index-Dx1a2b3c.js',
      'dist/renderer/assets/index-Dx1a2b3c.css',
      'dist/renderer/guide/customers.png',
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
      'node_modules/file-uri-to-path/index.js',
    ];
    expect(pkg.main).toBe(rel(mainBuild.outfile!));
    for (const file of runtime) expect(packaged(file), file).toBe(true);
    // And whatever a build left in dist/ (when there is one), less source maps.
    for (const dir of ['dist/electron', 'dist/renderer']) {
      if (!fs.existsSync(path.join(root, dir))) continue;
      for (const f of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
        if (!f.isFile() || f.name.endsWith('.map')) continue;
        const file = rel(path.join(f.parentPath, f.name));
        expect(packaged(file), file).toBe(true);
      }
    }
  });

  it('packs nothing from the sources, tests, source maps or native build leftovers', () => {
    const sources: string[] = [];
    for (const dir of ['db', 'server', 'electron', 'renderer', 'scripts', 'e2e', 'e2e-electron', 'docs', 'build']) {
      if (!fs.existsSync(path.join(root, dir))) continue;
      for (const f of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
        if (f.isFile()) sources.push(rel(path.join(f.parentPath, f.name)));
      }
    }
    expect(sources.length).toBeGreaterThan(100);
    for (const file of [
      ...sources,
      'README.md',
      'electron-builder.yml',
      'vite.config.ts',
      'tsconfig.json',
      'dist/electron/main.mjs.map',
      'dist/renderer/assets/index-Dx1a2b3c.js.map',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/better-sqlite3/build/Release/test_extension.node',
      'node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3/src/better_sqlite3.o',
      'node_modules/vitest/package.json',
      'node_modules/electron/package.json',
    ]) {
      expect(packaged(file), file).toBe(false);
    }
  });
});
