/** `SNAPSHOT[:NAME[/PATH]]` → the snapshot spec and the path inside it ("" for all of it). */
export function parseSnapshotRef(ref: string): { snapshot: string; path: string } {
  const i = ref.indexOf(':');
  return i === -1 ? { snapshot: ref, path: '' } : { snapshot: ref.slice(0, i), path: ref.slice(i + 1).replace(/^\/+|\/+$/g, '') };
}
