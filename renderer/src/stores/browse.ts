import { create } from 'zustand';
import { BROWSE_PAGE, type BrowseEntry, type PreviewView as Preview } from '../../../src/api/browse-methods.js';
import { api } from '../bridge.js';
import { attempt, messageOf } from './call.js';
import { vaultEpoch } from './epoch.js';


interface Where {
  vaultId: string;
  snapshot: string;
}

interface BrowseState {
  where: Where | null;
  path: string;
  /** Rows fetched so far, by position; a folder's other rows come a page at a time as they scroll into view. */
  rows: (BrowseEntry | undefined)[];
  total: number;
  filter: string;
  preview: Preview | null;
  /** Paths chosen for the restore wizard (several at once). */
  selected: string[];
  loading: boolean;
  error: string | null;
  open(vaultId: string, snapshot: string, path: string, filter?: string): Promise<void>;
  ensure(start: number, end: number): Promise<void>;
  showPreview(vaultId: string, snapshot: string, path: string): Promise<void>;
  toggle(path: string): void;
  select(paths: string[]): void;
  reset(): void;
}

const pending = new Set<string>();
/**
 * The latest open and preview asked for: an answer to an earlier one is dropped. Answers can come
 * out of order (a filter typed on a large folder, a breadcrumb clicked while a big folder loads):
 * the later-asked folder or filter must not be replaced by the earlier one's rows.
 */
let openAsked = '';
let previewAsked = 0;
/** The rows the list last showed: a folder (re)opened meanwhile fetches them again (its rows start empty). */
let shown: [number, number] | null = null;
const sameWhere = (a: Where | null, b: Where | null) => a === b || (!!a && !!b && a.vaultId === b.vaultId && a.snapshot === b.snapshot);

export const useBrowse = create<BrowseState>((set, get) => ({
  where: null,
  path: '',
  rows: [],
  total: 0,
  filter: '',
  preview: null,
  selected: [],
  loading: false,
  error: null,
  async open(vaultId, snapshot, path, filter = '') {
    set({ filter });
    const epoch = vaultEpoch();
    const asked = (openAsked = `${vaultId}\0${snapshot}\0${path}\0${filter}`);
    await attempt(set, async () => {
      const page = await api.call('browse.list', { vaultId, snapshot, path, filter, offset: 0, limit: BROWSE_PAGE });
      if (epoch !== vaultEpoch() || asked !== openAsked) return; // another vault, folder or filter was asked for meanwhile
      const rows: (BrowseEntry | undefined)[] = new Array(page.total);
      page.entries.forEach((e, i) => (rows[i] = e));
      pending.clear();
      set({ where: { vaultId, snapshot }, path, rows, total: page.total, ...(path !== get().path && { preview: null }) });
    }, { busy: 'loading' });
    // The same folder opened twice at once (a double click's first click opens it too): the second
    // answer replaces the rows a page fetch filled in meanwhile, and the list's range did not change,
    // so nothing would ask for them again.
    if (shown) await get().ensure(...shown);
  },
  async ensure(start, end) {
    shown = [start, end];
    const { where, path, filter, rows } = get();
    if (!where) return;
    for (let page = Math.floor(start / BROWSE_PAGE); page * BROWSE_PAGE <= end; page++) {
      const offset = page * BROWSE_PAGE;
      const key = `${path}\0${filter}\0${offset}`;
      if (rows[offset] !== undefined || pending.has(key)) continue;
      pending.add(key);
      try {
        const got = await api.call('browse.list', { ...where, path, filter, offset, limit: BROWSE_PAGE });
        if (!sameWhere(get().where, where) || get().path !== path || get().filter !== filter) return; // the folder changed meanwhile
        const next = get().rows.slice();
        got.entries.forEach((e, i) => (next[offset + i] = e));
        set({ rows: next });
      } catch (e) {
        set({ error: messageOf(e) });
      } finally {
        pending.delete(key);
      }
    }
  },
  async showPreview(vaultId, snapshot, path) {
    set({ preview: { path, size: 0, text: null, truncated: false, reason: 'loading…' } });
    const epoch = vaultEpoch();
    const asked = ++previewAsked;
    const latest = () => epoch === vaultEpoch() && asked === previewAsked;
    try {
      const preview = await api.call('browse.preview', { vaultId, snapshot, path });
      if (latest()) set({ preview });
    } catch (e) {
      if (latest()) set({ preview: { path, size: 0, text: null, truncated: false, reason: messageOf(e) } });
    }
  },
  toggle: (path) => set((s) => ({ selected: s.selected.includes(path) ? s.selected.filter((p) => p !== path) : [...s.selected, path] })),
  select: (selected) => set({ selected }),
  reset: () => set({ where: null, path: '', rows: [], total: 0, preview: null, selected: [], filter: '', error: null, loading: false }),
}));
