/** File system errors a user's input causes (a path that is wrong), in words; undefined for anything else. */
export function fsErrorMessage(e: unknown): string | undefined {
  const { code, path } = (e ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  switch (code) {
    case 'ENOENT':
      return `${path} does not exist; check the path`;
    case 'ENOTDIR':
      return `a part of ${path} is a file, not a folder; check the path`;
    case 'EISDIR':
      return `${path} is a folder; give the path of a file`;
    case 'EEXIST':
      return `${path} already exists; choose another path`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `this console may not write or read ${path} (${code}); choose a place it can use`;
    case 'ENOSPC':
      return `no space left where ${path} is; free some, or choose another place`;
    default:
      return undefined;
  }
}
