import { useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
  title?: string;
}

export interface MenuAt {
  x: number;
  y: number;
  items: (MenuItem | 'separator')[];
}

/** Our own right-click menu (AG Grid Community has none): a role=menu at the pointer. */
export function ContextMenu({ menu, onClose }: { menu: MenuAt; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    const from = document.activeElement as HTMLElement | null;
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', key);
    ref.current?.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', key);
      // Back to the row it was opened on, unless the chosen item moved the focus (a dialog).
      setTimeout(() => {
        const a = document.activeElement;
        if ((!a || a === document.body) && from?.isConnected) from.focus();
      }, 0);
    };
  }, [onClose]);
  const x = Math.min(menu.x, window.innerWidth - 180);
  const y = Math.min(menu.y, window.innerHeight - menu.items.length * 28 - 8);
  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      style={{ left: x, top: y }}
      onKeyDown={(e) => {
        // Up/Down (and Home/End) move between the items; Tab closes, as in a desktop menu.
        const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
        const i = items.indexOf(document.activeElement as HTMLElement);
        const go = (n: number) => items[(n + items.length) % items.length]?.focus();
        if (e.key === 'ArrowDown') go(i + 1);
        else if (e.key === 'ArrowUp') go(i - 1);
        else if (e.key === 'Home') go(0);
        else if (e.key === 'End') go(items.length - 1);
        else if (e.key === 'Tab') onClose();
        else return;
        e.preventDefault();
      }}
    >
      {menu.items.map((item, i) =>
        item === 'separator' ? (
          <div key={i} className="menu-separator" role="separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            title={item.title}
            aria-disabled={item.disabled || undefined}
            className={item.disabled ? 'disabled' : ''}
            onClick={() => {
              if (item.disabled) return;
              onClose();
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        ),
      )}
    </div>
  );
}
