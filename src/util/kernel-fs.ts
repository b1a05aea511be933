import { statfsSync } from 'node:fs';

/**
 * Kernel file systems that are not storage, by statfs magic: /proc, /sys and their kin. Nothing can
 * be written there, and what reads there is the kernel's own state (a /proc/kcore of 128 TiB).
 */
const KERNEL: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x1cd1: 'devpts',
  0x6165676c: 'pstore',
  0xcafe4a11: 'bpf',
  0x42494e4d: 'binfmt_misc',
  0xde5e81e4: 'efivarfs',
  0x62656570: 'configfs',
};

/** The kernel file system a statfs type names ("proc", "sysfs"…), or undefined for any other. */
export function kernelFsKind(type: number): string | undefined {
  return KERNEL[type];
}

/** The kernel file system `path` (an existing folder) lies on, or undefined; one that cannot be asked is taken as none. */
export function kernelFsAt(path: string | Buffer): string | undefined {
  try {
    return kernelFsKind(statfsSync(path).type);
  } catch {
    return undefined;
  }
}
