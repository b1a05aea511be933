import { constants } from 'node:fs';

/**
 * Opens a file for reading as the regular file a listing or lstat found: never through a symlink put
 * at its name since, never waiting for a FIFO's writer (both flags absent on Windows). A local
 * vault's objects and a live folder's files, whose names others can replace, are read so.
 */
export const READ_AS_FOUND = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
