import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

interface Props {
  count: number;
  label: string;
  rowHeight?: number;
  active: number;
  onActive(index: number): void;
  onKey?(e: KeyboardEvent, index: number): void;
  /** Told which rows are in view, so that their data can be fetched a page at a time. */
  onRange?(start: number, end: number): void;
  render(index: number, active: boolean): ReactNode;
  rowId(index: number): string;
  /** Multi-select listbox: which rows are chosen (announced as selected); the active row is the focus. */
  isSelected?(index: number): boolean;
}

/**
 * Renders only the rows in view, so 100,000 entries scroll as smoothly as 10. Arrow keys, Page
 * Up/Down, Home and End move the active row (announced through aria-activedescendant); other
 * keys go to onKey.
 */
export function VirtualList({ count, label, rowHeight = 30, active, onActive, onKey, onRange, render, rowId, isSelected }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });
  const rows = virtual.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  // An active row past the end (the list got shorter under it) is its last row: keys never go dead.
  const at = Math.max(0, Math.min(active, count - 1));
  useEffect(() => {
    if (count) virtual.scrollToIndex(at);
  }, [at, count, virtual]);
  useEffect(() => {
    if (count) onRange?.(first, last);
  }, [first, last, count, onRange]);

  function keyDown(e: KeyboardEvent) {
    const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[e.key];
    if (move !== undefined) {
      e.preventDefault();
      onActive(Math.max(0, Math.min(count - 1, at + move)));
    } else if (e.key === 'Home') onActive(0);
    else if (e.key === 'End') onActive(count - 1);
    else if (count > 0) onKey?.(e, at);
  }

  return (
    <div
      ref={scroller}
      className="vlist"
      role="listbox"
      aria-label={label}
      aria-multiselectable={isSelected ? true : undefined}
      tabIndex={0}
      aria-activedescendant={count > 0 ? rowId(at) : undefined}
      onKeyDown={keyDown}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => (
          <div
            key={row.key}
            id={rowId(row.index)}
            role="option"
            aria-selected={isSelected ? isSelected(row.index) : row.index === at}
            className={row.index === at ? 'vrow active' : 'vrow'}
            style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}
            onClick={() => onActive(row.index)}
          >
            {render(row.index, row.index === at)}
          </div>
        ))}
      </div>
    </div>
  );
}
