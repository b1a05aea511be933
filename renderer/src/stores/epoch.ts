/**
 * Counts vault switches. A store notes it before a call and drops the answer if it changed
 * meanwhile, so a slow answer about the previous vault never lands under the new one's name.
 */
let epoch = 0;

export const vaultEpoch = (): number => epoch;

export const nextVaultEpoch = (): number => ++epoch;
