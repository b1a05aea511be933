import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

interface Props<T> {
  items: T[];
  label: string;
  rowHeight?: number;
  active: number;
  onActive(index: number): void;
  onKey?(e: KeyboardEvent, item: T): void;
  render(item: T, index: number, active: boolean): ReactNode;
  rowId(item: T): string;
}

/**
 * Renders only the rows in view, so 100,000 entries scroll as smoothly as 10. Arrow keys move the
 * active row (announced through aria-activedescendant); other keys go to onKey.
 */
export function VirtualList<T>({ items, label, rowHeight = 30, active, onActive, onKey, render, rowId }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });
  useEffect(() => {
    if (items.length) virtual.scrollToIndex(Math.min(active, items.length - 1));
  }, [active, items.length, virtual]);

  function keyDown(e: KeyboardEvent) {
    const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[e.key];
    if (move !== undefined) {
      e.preventDefault();
      onActive(Math.max(0, Math.min(items.length - 1, active + move)));
    } else if (e.key === 'Home') onActive(0);
    else if (e.key === 'End') onActive(items.length - 1);
    else if (items[active] !== undefined) onKey?.(e, items[active]!);
  }

  const current = items[active];
  return (
    <div
      ref={scroller}
      className="vlist"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={current !== undefined ? rowId(current) : undefined}
      onKeyDown={keyDown}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => (
          <div
            key={row.key}
            id={rowId(items[row.index]!)}
            role="option"
            aria-selected={row.index === active}
            className={row.index === active ? 'vrow active' : 'vrow'}
            style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}
            onClick={() => onActive(row.index)}
          >
            {render(items[row.index]!, row.index, row.index === active)}
          </div>
        ))}
      </div>
    </div>
  );
}
