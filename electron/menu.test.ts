import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from './menu.js';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

describe('application menu', () => {
  it('keeps the standard edit shortcuts, labelled in Chinese', () => {
    const menu = menuTemplate({ isMac: false, isDev: false, newWindow: () => {} });
    const edit = menu.find((m) => m.label === '编辑')!;
    expect(roles([edit])).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
    const labels = (edit.submenu as MenuItemConstructorOptions[]).filter((i) => i.role).map((i) => i.label);
    expect(labels).toEqual(['撤销', '重做', '剪切', '复制', '粘贴', '删除', '全选']);
  });

  it('offers reload and developer tools only in development', () => {
    expect(roles(menuTemplate({ isMac: false, isDev: false, newWindow: () => {} }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ isMac: false, isDev: false, newWindow: () => {} }))).not.toContain('reload');
    expect(roles(menuTemplate({ isMac: false, isDev: true, newWindow: () => {} }))).toContain('toggleDevTools');
  });

  it('has the macOS application menu only on macOS', () => {
    expect(menuTemplate({ isMac: true, isDev: false, newWindow: () => {} })[0].label).toBe('客户关系管理系统');
    expect(menuTemplate({ isMac: false, isDev: false, newWindow: () => {} })[0].label).toBe('文件');
  });

  it('opens a new window from 文件 › 新建窗口', () => {
    const newWindow = vi.fn();
    const file = menuTemplate({ isMac: false, isDev: false, newWindow }).find((m) => m.label === '文件')!;
    const item = (file.submenu as MenuItemConstructorOptions[]).find((i) => i.label === '新建窗口')!;
    (item.click as () => void)();
    expect(newWindow).toHaveBeenCalledOnce();
  });
});
