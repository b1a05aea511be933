import type { z } from 'zod';
import { vaultMethods } from './vault-methods.js';
import { sessionMethods } from './session-methods.js';
import { browseMethods } from './browse-methods.js';
import { diffMethods } from './diff-methods.js';
import { restoreMethods } from './restore-methods.js';
import { auditMethods } from './audit-methods.js';
import { keysMethods } from './keys-methods.js';
import { drillMethods } from './drill-methods.js';
import { forgeMethods } from './forge-methods.js';

/** Every method of the console, declared once: IPC, the web server and the UI client derive from it. */
export const API = { ...vaultMethods, ...sessionMethods, ...browseMethods, ...diffMethods, ...restoreMethods, ...auditMethods, ...keysMethods, ...drillMethods, ...forgeMethods };

export type ApiTable = typeof API;
export type ApiName = keyof ApiTable;
export type ApiArgs<N extends ApiName> = z.input<ApiTable[N]['args']>;
export type ApiParsedArgs<N extends ApiName> = z.output<ApiTable[N]['args']>;
export type ApiResult<N extends ApiName> = z.infer<ApiTable[N]['result']>;

export const API_NAMES = Object.keys(API) as ApiName[];

export function isApiName(name: string): name is ApiName {
  return Object.prototype.hasOwnProperty.call(API, name);
}
