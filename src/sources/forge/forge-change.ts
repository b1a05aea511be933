/**
 * A typed change between two states of a forge source's documents (snapshot → snapshot, or
 * snapshot → live): what an operator must know after an incident, whether Bulkhead can put it
 * back (`restorable`) and, when it cannot be restored as it was, why (`note`). Each forge narrows
 * `type` to its own kinds of change.
 */
export interface ForgeChange {
  type: string;
  /** Where: the account, group, repository or project it belongs to. */
  scope: string;
  /** What changed within the scope: a branch, an environment, a variable's name… */
  target?: string;
  /** The document it was read from (a path in the source's tree, browsable like a file). */
  path: string;
  fields?: string[];
  restorable: boolean;
  note?: string;
}
