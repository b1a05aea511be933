/** Progress of long work (backup, restore, check), reported as events the CLI or console shows. */
export interface ProgressEvent {
  phase: string;
  done: number;
  total?: number;
  unit: 'bytes' | 'items';
  detail?: string;
}

export type ProgressSink = (event: ProgressEvent) => void;

export const noProgress: ProgressSink = () => {};
