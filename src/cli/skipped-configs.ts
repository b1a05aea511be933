import { sayErr } from './output.js';

const NAMED = 5;

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
      // a local vault's agent can make thousands of folders there: the first few named, the rest counted
      const named = found.length > NAMED ? `${found.slice(0, NAMED).join(', ')} and ${found.length - NAMED} more up to ${found[found.length - 1]}` : found.join(', ');
      sayErr(
        `bulkhead: warning: ${named} ${found.length === 1 ? 'is' : 'are'} occupied by objects that are not valid configs, or on a local vault by folders, FIFOs or symlinks (an attack trace: check who can write config/; posture lists them); skipped to the next free number`,
      );
    },
  };
}
