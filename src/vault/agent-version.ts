/** The agent's version, recorded in each snapshot and printed by `bulkhead --version` (which loads this file alone). */
export const AGENT_VERSION = '0.1.0';
