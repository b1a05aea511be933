/**
 * Whether a live folder may be written back in place: it is one of the folders the operator listed
 * (console Settings) or inside one. A snapshot says where its sources live, and its writer chose that:
 * a hijacked one can name `~/.ssh` or `/etc/cron.d` for a source of its own, flag it so the Incident
 * puts it first, and wait for "Restore all of this". Paths are compared as absolute strings.
 */
export function isInPlaceRoot(roots: readonly string[], root: string): boolean {
  return roots.some((r) => {
    const base = r.replace(/\/+$/, '') || '/';
    return root === base || root.startsWith(base === '/' ? '/' : `${base}/`);
  });
}

export function notInPlaceRoot(root: string, source: string): string {
  return `${root} is where the snapshot says ${source} lives, which its writer chose; it is not among the folders you restore into in place (Settings, "Folders restored in place"): add it there if that is right, or restore into a folder`;
}
