/**
 * A file system error from Node (it carries code, syscall and path) in words: what could not be
 * done, where, why, and what to do. A restore into /proc/x or a sandbox on a full disk said only
 * "the job failed unexpectedly; see the console log". Anything else gives null: it stays a
 * generic message (its text may name what the operator should not see, and it is logged).
 */
const WHY: Record<string, string> = {
  ENOENT: 'a folder on the way does not exist',
  EACCES: 'permission denied for this user',
  EPERM: 'the operation is not permitted there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space is left on that device',
  EDQUOT: "this user's disk quota is used up",
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
  EEXIST: 'something already exists there',
  ENAMETOOLONG: 'the name is too long for that file system',
  EXDEV: 'it is on another file system',
};

const DOING: Record<string, string> = {
  mkdir: 'create the folder',
  open: 'open',
  write: 'write',
  rename: 'move into place',
  symlink: 'create the link',
  link: 'create the link',
  copyfile: 'copy',
  chmod: 'set the mode of',
  utime: 'set the times of',
  lutime: 'set the times of',
  unlink: 'remove the temporary',
  rmdir: 'remove the temporary folder',
  scandir: 'read the folder',
  stat: 'read',
  lstat: 'read',
  access: 'reach',
};

export function systemErrorSentence(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const { code, syscall, path } = e as NodeJS.ErrnoException;
  if (!code || !path || !(code in WHY)) return null;
  const doing = (syscall && DOING[syscall]) ?? 'write';
  // A recursive mkdir meeting a file says EEXIST: a file stands where a folder is needed.
  const why = code === 'EEXIST' && syscall === 'mkdir' ? 'a file is there, where a folder is needed' : WHY[code];
  return `could not ${doing} ${path}: ${why} (${code}); choose a place this user can write to, or fix that one, and try again`;
}
