import type { SnapshotView } from '../../src/api/browse-methods.js';

type Anomaly = SnapshotView['anomalies'][number];

/**
 * Whether an anomaly is a history event of a repository (a watched branch deleted or force-pushed, a
 * tag deleted or moved, the default branch changed): the reader says those `SOURCE: …`, and no
 * other anomaly starts so ("api lost 92% of its refs", "api cannot be counted: …").
 */
export const isHistoryEvent = (a: Anomaly): boolean => a.source !== null && a.message.startsWith(`${a.source}: `);
