/** Where a restore writes an item: a project's or group's full path. */
export interface Where {
  path: string;
  group: boolean;
}
