/** One source's part of a drill: restored and verified, or why not. */
export interface DrillStep {
  source: string;
  kind: string;
  /** The label of the writer that signed the snapshot it was restored from (absent in reports before 0.5). */
  writer?: string;
  ok: boolean;
  /** What was checked, or why the step failed. */
  detail: string;
  ms: number;
  bytes: number;
  items: number;
}

export type StepOf = (ok: boolean, detail: string, bytes?: number, items?: number) => DrillStep;
