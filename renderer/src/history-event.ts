import type { SnapshotView } from '../../src/api/browse-methods.js';

type Anomaly = SnapshotView['anomalies'][number];

/**
 * Whether an anomaly is a history event of a repository (a watched branch deleted or force-pushed, a
 * tag deleted or moved, the default branch changed), as the reader marks it (`kind`), not told
 * from its wording.
 */
export const isHistoryEvent = (a: Anomaly): boolean => a.kind === 'history';
