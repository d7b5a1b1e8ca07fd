import type { ReactNode } from 'react';

/**
 * Holds a right-click menu inside a dialog: Escape closes the menu only, not the dialog around it
 * (the dialog closes on an Escape that reaches it).
 */
export function MenuLayer({ onClose, children }: { onClose(): void; children: ReactNode }) {
  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {children}
    </div>
  );
}
