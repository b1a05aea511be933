import { z } from 'zod';
import { empty, method } from './method.js';

export const sessionView = z.object({
  unlocked: z.boolean(),
  fingerprint: z.string().nullable(),
  identityPath: z.string().nullable(),
  /** When the identity locks itself unless used (ISO time), null while locked. */
  autoLockAt: z.string().nullable(),
  autoLockMinutes: z.number(),
  /** The idle deadline has passed but a running job (a restore) holds the lock off until it ends. */
  lockWaitsForJob: z.boolean(),
  /** How long before autoLockAt the UI warns, with a way to stay unlocked. */
  warnSeconds: z.number(),
  /**
   * Counts the core's status answers, in the order it made them: answers can arrive out of that
   * order (a poll made just before "Lock now" and delivered after it), and the larger one is newer.
   */
  seq: z.number().int(),
});
export type SessionView = z.infer<typeof sessionView>;

/** Whole minutes for operators; the core accepts a fraction only in its test mode (fast idle-lock tests). */
export const settingsView = z.object({
  autoLockMinutes: z.number().min(0.05).max(240),
  rpoHours: z.number().min(1).max(24 * 90),
  /** Absolute folders the console restores into in place (a snapshot's writer chose where its sources live). */
  inPlaceRoots: z.array(z.string().min(1).max(4096).regex(/^\//, 'an absolute path')).max(200),
});
export type SettingsView = z.infer<typeof settingsView>;

export const sessionMethods = {
  'session.status': method('Whether the recovery identity is unlocked, and until when.', empty, sessionView),
  'session.unlock': method(
    'Unlocks a sealed identity with its passphrase; the key stays in the core, never in the UI.',
    z.object({
      /** A path the core reads, or the sealed file's text (it is useless without the passphrase). */
      identity: z.union([z.object({ path: z.string().min(1) }), z.object({ sealed: z.string().min(2).max(100_000), name: z.string() })]),
      passphrase: z.string().min(1).max(1024),
    }),
    sessionView,
  ),
  'session.addShare': method(
    'Adds one share (typed or pasted words, a share file\'s text, or a PNG or JPEG picture of its QR code, base64); with enough shares the identity unlocks. Shares live only in memory.',
    z.union([z.object({ text: z.string().min(10).max(20_000) }), z.object({ image: z.string().min(10).max(24_000_000), name: z.string().max(200) })]),
    z.object({
      received: z.array(z.object({ index: z.number(), holder: z.string() })),
      threshold: z.number().nullable(),
      total: z.number().nullable(),
      unlocked: z.boolean(),
    }),
  ),
  'session.clearShares': method('Forgets the shares received so far.', empty, empty),
  'session.lock': method('Wipes the unlocked identity from memory.', empty, sessionView),
  'session.activity': method('The operator is at the console (keyboard or pointer input): the idle lock starts over.', empty, sessionView),
  'settings.get': method('Console settings.', empty, settingsView),
  'settings.set': method('Changes console settings.', settingsView.partial().strict(), settingsView),
};
