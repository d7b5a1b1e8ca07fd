import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The type-check boundaries (issue 12): core/ sees neither the DOM nor Node, the renderer no Node,
 * the data host no DOM. Each probe is a one-file project that extends the real config, so a
 * loosened `lib` or `types` there makes the probe compile and this test fail.
 */
const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-bounds-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function typeErrors(config: string, source: string): string {
  const probe = fs.mkdtempSync(path.join(dir, 'p-'));
  fs.writeFileSync(path.join(probe, 'probe.ts'), source);
  fs.writeFileSync(
    path.join(probe, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(root, config),
      // the probe lives outside the repository: find @types where the real configs do
      compilerOptions: { typeRoots: [path.join(root, 'node_modules', '@types')] },
      include: ['probe.ts'],
      exclude: [],
    }),
  );
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', probe], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout);
  }
}

const usesDom = 'export const title = document.title;\n';
const usesNode = "import fs from 'node:fs';\nexport const here = fs.existsSync(process.cwd());\n";
const plain = 'export const n: number = [1, 2].reduce((a, b) => a + b, 0);\n';

describe('type-check boundaries', () => {
  it('core/: no DOM, no Node', () => {
    expect(typeErrors('core/tsconfig.json', usesDom)).toMatch(/Cannot find name 'document'/);
    expect(typeErrors('core/tsconfig.json', usesNode)).toMatch(/node:fs|process/);
    expect(typeErrors('core/tsconfig.json', plain)).toBe('');
  }, 60_000);
  it('the renderer: the DOM, no Node', () => {
    expect(typeErrors('renderer/tsconfig.json', usesNode)).toMatch(/node:fs|process/);
    expect(typeErrors('renderer/tsconfig.json', usesDom)).toBe('');
  }, 60_000);
  it('the data host: Node, no DOM', () => {
    expect(typeErrors('tsconfig.node.json', usesDom)).toMatch(/Cannot find name 'document'/);
    expect(typeErrors('tsconfig.node.json', usesNode)).toBe('');
  }, 60_000);
});
