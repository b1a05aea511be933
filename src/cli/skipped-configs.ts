import { sayErr } from './output.js';

/**
 * Collects the config keys an operator command passed over (occupied by something that is not a
 * valid config, e.g. garbage from a hijacked agent) and says so on stderr, so JSON stays clean.
 */
export function skippedConfigs(): { keys: string[]; onSkipped: (keys: string[]) => void } {
  const keys: string[] = [];
  return {
    keys,
    onSkipped: (found) => {
      keys.push(...found);
      sayErr(
        `bulkhead: warning: ${found.join(', ')} ${found.length === 1 ? 'is' : 'are'} occupied by objects that are not valid configs (an attack trace: check who can write config/); skipped to the next free number`,
      );
    },
  };
}
