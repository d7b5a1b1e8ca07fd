import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from './electron-available.js';

/** A project folder with a fake `electron` package like the real one (index.js reads path.txt). */
function fakeProject(withBinary: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-electron-'));
  const pkg = path.join(dir, 'node_modules', 'electron');
  fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
  fs.writeFileSync(
    path.join(pkg, 'index.js'),
    `const fs = require('fs'); const path = require('path');
     const p = path.join(__dirname, 'path.txt');
     if (!fs.existsSync(p)) throw new Error('Electron failed to install correctly');
     module.exports = path.join(__dirname, 'dist', fs.readFileSync(p, 'utf8'));`,
  );
  if (withBinary) {
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '');
  }
  return dir;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('electronBinary', () => {
  it('finds the executable when it was downloaded', () => {
    const dir = fakeProject(true);
    dirs.push(dir);
    expect(electronBinary(dir)).toBe(path.join(dir, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('is null when the binary was not downloaded, or the package is missing', () => {
    const dir = fakeProject(false);
    dirs.push(dir);
    expect(electronBinary(dir)).toBeNull();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-electron-'));
    dirs.push(empty);
    expect(electronBinary(empty)).toBeNull();
  });

  it('is null when path.txt names a file that does not exist', () => {
    const dir = fakeProject(true);
    dirs.push(dir);
    fs.rmSync(path.join(dir, 'node_modules', 'electron', 'dist', 'electron'));
    expect(electronBinary(dir)).toBeNull();
  });
});
