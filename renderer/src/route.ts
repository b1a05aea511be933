import { useApp, type DiffPlace, type Screen } from './stores/app.js';
import { useBrowse } from './stores/browse.js';
import { useDiff } from './stores/diff.js';
import { useVaults } from './stores/vaults.js';

/** Where the operator is: vault, screen, snapshot, and in Browse the folder. Never anything read with the key. */
export interface Place {
  vaultId: string | null;
  screen: Screen;
  snapshot: string | null;
  path: string;
  /** In Diff, the comparison shown. */
  diff: DiffPlace | null;
}

const SCREENS: readonly Screen[] = ['vaults', 'dashboard', 'incident', 'timeline', 'browse', 'diff', 'restore', 'drills', 'keys', 'ceremony', 'audit', 'settings'];
const LAST = 'bulkhead.lastPlace';

/** #/SCREEN?vault=ID&snapshot=ID&path=P (Browse) or &from=ID&against=live|ID&source=NAME (Diff): every screen has an address Back and reload return to. */
export function placeToHash(p: Place): string {
  const q = new URLSearchParams();
  if (p.vaultId) q.set('vault', p.vaultId);
  if (p.snapshot) q.set('snapshot', p.snapshot);
  if (p.path && p.screen === 'browse') q.set('path', p.path);
  if (p.diff && p.screen === 'diff') {
    q.set('from', p.diff.from);
    q.set('against', p.diff.against);
    if (p.diff.source) q.set('source', p.diff.source);
  }
  const query = q.toString();
  return `#/${p.screen}${query ? `?${query}` : ''}`;
}

export function hashToPlace(hash: string): Place | null {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  if (!m || !SCREENS.includes(m[1] as Screen)) return null;
  const q = new URLSearchParams(m[2] ?? '');
  const [from, against] = [q.get('from'), q.get('against')];
  const diff = from && against ? { from, against, source: q.get('source') } : null;
  return { screen: m[1] as Screen, vaultId: q.get('vault'), snapshot: q.get('snapshot'), path: q.get('path') ?? '', diff };
}

const current = (): Place => {
  const { vaultId, screen, snapshot } = useApp.getState();
  // The unlock screen is a step, not a place: its address is where it returns to.
  const shown = screen === 'unlock' ? (useApp.getState().returnTo ?? 'dashboard') : screen;
  // A folder an address asked for counts as where Browse is, until Browse has opened it.
  // Likewise a comparison asked for counts as the one Diff shows, until Diff has run it.
  const { ran, focus } = useDiff.getState();
  const diff = useApp.getState().diffWanted ?? (ran && { from: ran.from, against: ran.to, source: focus });
  return { vaultId, screen: shown, snapshot, path: useApp.getState().browsePath ?? useBrowse.getState().path, diff };
};

let applying = false;

/** Goes to a place: a vault this console knows, its screen, its snapshot, the Browse folder (opened by Browse). */
function apply(p: Place): void {
  applying = true;
  try {
    const known = p.vaultId !== null && useVaults.getState().vaults.some((v) => v.id === p.vaultId);
    const app = useApp.getState();
    if (!known) return app.chooseVault(null);
    if (app.vaultId !== p.vaultId) app.chooseVault(p.vaultId);
    const { ran, focus } = useDiff.getState();
    const same = p.diff && ran && ran.from === p.diff.from && ran.to === p.diff.against && focus === p.diff.source;
    useApp.setState({ screen: p.screen, browsePath: p.screen === 'browse' ? p.path : null, diffWanted: p.screen === 'diff' && p.diff && !same ? p.diff : null });
    if (p.snapshot && p.snapshot !== useApp.getState().snapshot) app.chooseSnapshot(p.snapshot);
  } finally {
    applying = false;
  }
}

/**
 * Keeps the address in step with the place: each move is a history entry (Back goes back inside
 * the console, not out of it), a reload or a pasted address returns to it, and the last place is
 * remembered for the next start.
 */
export async function startRouting(): Promise<void> {
  await useVaults.getState().load();
  const start = hashToPlace(location.hash) ?? hashToPlace(localStorage.getItem(LAST) ?? '');
  if (start) apply(start);
  history.replaceState(null, '', placeToHash(current()));
  const write = () => {
    if (applying) return;
    const hash = placeToHash(current());
    if (hash !== location.hash) history.pushState(null, '', hash);
    localStorage.setItem(LAST, hash);
  };
  useApp.subscribe(write);
  useBrowse.subscribe((s, prev) => s.path !== prev.path && write());
  useDiff.subscribe((s, prev) => (s.ran !== prev.ran || s.focus !== prev.focus) && write());
  window.addEventListener('popstate', () => {
    const p = hashToPlace(location.hash);
    if (p) apply(p);
  });
}
