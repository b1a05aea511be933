import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { BrowseEntry } from '../../../src/api/browse-methods.js';
import { useApp } from '../stores/app.js';
import { useBrowse } from '../stores/browse.js';
import { formatBytes, when } from '../format.js';
import { VirtualList } from '../components/VirtualList.js';
import { SnapshotPicker } from '../components/SnapshotPicker.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { PreviewPane } from '../components/PreviewPane.js';
import { SourcesElsewhere, useSourcesElsewhere } from '../components/SourcesElsewhere.js';
import { shownText } from '../shown-text.js';

// Plain symbols that system fonts have (emoji fonts are often missing on servers; ⑂, U+2442, showed
// as a box in Chromium on Debian: ⎇ is in DejaVu).
const ICON: Record<BrowseEntry['kind'], string> = { source: '▣', dir: '▸', file: '·', symlink: '↪', refs: '⎇', ref: '⎇', pipelines: '⚙', pipeline: '⚙', files: '▸' };
const PREVIEWABLE = new Set<BrowseEntry['kind']>(['file', 'pipeline', 'ref']);

/** Sources → folders and files (git: refs, pipelines, files at the default branch; a ref opens as its commit's files), with a preview. */
export function BrowseScreen() {
  const { vaultId, snapshot, go } = useApp();
  const { path, rows, total, filter: applied, preview, selected, loading, error, open, ensure, showPreview, toggle } = useBrowse();
  const [active, setActive] = useState(0);
  const [filter, setFilter] = useState('');
  const asked = useApp((s) => s.browsePath); // an address (reload, Back) named a folder
  useEffect(() => {
    if (!vaultId || !snapshot) return;
    // A new snapshot opens its root, or the folder an address asked for (forgotten once open, so
    // the address never shows the root in between).
    const first = useApp.getState().browsePath;
    void open(vaultId, snapshot, first ?? '').then(() => useApp.getState().browsePath === first && useApp.setState({ browsePath: null }));
  }, [vaultId, snapshot, open]);
  useEffect(() => {
    if (asked === null || !vaultId || !snapshot) return;
    void open(vaultId, snapshot, asked).then(() => useApp.getState().browsePath === asked && useApp.setState({ browsePath: null }));
  }, [asked, vaultId, snapshot, open]);
  // The name filter runs in the core (a folder may hold 100,000 entries); wait for a pause in typing.
  useEffect(() => {
    if (!vaultId || !snapshot || filter === applied) return;
    const t = setTimeout(() => void open(vaultId, snapshot, useBrowse.getState().path, filter), 150);
    return () => clearTimeout(t);
  }, [filter, applied, vaultId, snapshot, open]);
  const onRange = useCallback((start: number, end: number) => void ensure(start, end), [ensure]);
  // At the top, the sources other writers back up: the newest snapshot may hold none of them.
  const elsewhere = useSourcesElsewhere(path === '' ? snapshot : null);
  if (!vaultId) return null;

  const enter = (e: BrowseEntry) => {
    if (!snapshot) return;
    if (e.hasChildren) {
      setActive(0);
      setFilter('');
      // A ref opens as the files of its commit, with the commit itself in the preview.
      void open(vaultId, snapshot, e.path).then(async () => {
        if (e.kind === 'ref' && useBrowse.getState().path === e.path) await showPreview(vaultId, snapshot, e.path);
      });
    } else if (PREVIEWABLE.has(e.kind)) void showPreview(vaultId, snapshot, e.path);
  };
  const up = () => {
    if (!snapshot || !path) return;
    setActive(0);
    setFilter('');
    void open(vaultId, snapshot, path.split('/').slice(0, -1).join('/'));
  };
  const onKey = (ev: KeyboardEvent, index: number) => {
    const e = rows[index];
    if (!e) return;
    if (ev.key === 'Enter' || ev.key === 'ArrowRight') enter(e);
    else if (ev.key === 'Escape' || ev.key === 'Backspace' || ev.key === 'ArrowLeft') up();
    else if (ev.key === ' ' && e.restorable) {
      ev.preventDefault();
      toggle(e.path);
    }
  };
  const crumbs = path ? path.split('/') : [];

  return (
    <section aria-labelledby="browse-title" className="browse">
      <header className="row">
        <h1 id="browse-title">Browse</h1>
        <SnapshotPicker />
        <button className="primary" disabled={selected.length === 0} onClick={() => go('restore')}>
          Restore selected ({selected.length})
        </button>
      </header>
      <nav className="crumbs" aria-label="Path">
        <button className="link" onClick={() => snapshot && void open(vaultId, snapshot, '')}>
          snapshot
        </button>
        {crumbs.map((c, i) => (
          <span key={i}>
            {' / '}
            <button className="link" onClick={() => snapshot && void open(vaultId, snapshot, crumbs.slice(0, i + 1).join('/'))}>
              {shownText(c)}
            </button>
          </span>
        ))}
      </nav>
      <label className="field inline">
        <span>Filter by name</span>
        <input value={filter} onChange={(e) => (setFilter(e.target.value), setActive(0))} placeholder="name contains…" />
      </label>
      <ErrorNote message={error} />
      <SourcesElsewhere sources={elsewhere} label={(name) => `Browse ${name}`} act={(o) => useApp.setState({ snapshot: o.snapshot.id, browsePath: o.name })} />
      <div className="split">
        <div className="pane entries-pane">
          <div className="muted" role="status" aria-label="Entry count">
            {loading ? 'Loading…' : `${total.toLocaleString()} ${total === 1 ? 'entry' : 'entries'}${applied ? ` matching “${applied}”` : ''}`}
          </div>
          <VirtualList
            count={total}
            label="Entries"
            active={active}
            onActive={setActive}
            onKey={onKey}
            onRange={onRange}
            rowId={(i) => `row-${i}`}
            isSelected={(i) => !!rows[i] && selected.includes(rows[i]!.path)}
            render={(i) => {
              const e = rows[i];
              if (!e) return <div className="entry muted">…</div>;
              const chosen = selected.includes(e.path);
              return (
                <div className="entry" onDoubleClick={() => enter(e)}>
                  {/* Selection for restore is the option's aria-selected (Space toggles it); the box only shows it. */}
                  <span className={e.restorable ? (chosen ? 'tick on' : 'tick') : 'tick none'} aria-hidden onClick={(ev) => (ev.stopPropagation(), e.restorable && toggle(e.path))}>
                    {e.restorable ? (chosen ? '☑' : '☐') : ''}
                  </span>
                  {/* Long names (.github/workflows/…) are cut on the left: their ends tell them apart. */}
                  {/* The row's own click (making it active) must not follow: a folder opened here starts at its first row. */}
                  <span className="name" title={shownText(e.detail ? `${e.name} (${e.detail})` : e.name)} onClick={(ev) => (ev.stopPropagation(), setActive(i), enter(e))}>
                    <bdi>
                      {ICON[e.kind]} {shownText(e.name)}
                    </bdi>
                  </span>
                  <span className="size">{formatBytes(e.size)}</span>
                  <span className="time" title={when(e.mtime)}>
                    <TimeParts text={when(e.mtime)} />
                  </span>
                  <span className="detail">{shownText(e.detail ?? '')}</span>
                </div>
              );
            }}
          />
        </div>
        <PreviewPane preview={preview} />
      </div>
    </section>
  );
}

/** "2026-11-30 05:46 UTC" as its day and its clock: a narrow list shows the day only (styles.css). */
function TimeParts({ text }: { text: string }) {
  const cut = text.indexOf(' ');
  if (cut < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, cut)}
      <span className="clock">{text.slice(cut)}</span>
    </>
  );
}
