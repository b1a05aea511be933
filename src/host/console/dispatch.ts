import { API, isApiName } from '../../api/table.js';
import type { ApiResponse } from '../../api/method.js';
import { isBulkheadError } from '../../util/errors.js';
import { systemErrorSentence } from '../../util/system-error.js';
import { stderrLog } from '../../util/log-file.js';
import type { Handlers } from './deps.js';

export type Dispatch = (name: string, args: unknown) => Promise<ApiResponse<unknown>>;

/**
 * The one entry point both transports call. Arguments are checked against the table's schema
 * (they come from the UI, which is not trusted with anything); errors leave as { code, message },
 * and anything that is not a BulkheadError is logged here and crosses only as a generic message.
 */
export function makeDispatch(handlers: Handlers, log: (line: string) => void = stderrLog): Dispatch {
  return async (name, args) => {
    if (!isApiName(name)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `there is no API method "${name}"` } };
    const parsed = API[name].args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, error: { code: 'BAD_ARGS', message: `${name}: ${issue.path.join('.') || 'arguments'}: ${issue.message}` } };
    }
    try {
      const handler = handlers[name] as (a: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      if (isBulkheadError(e)) return { ok: false, error: { code: e.code, message: e.message } };
      log(`bulkhead console: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { ok: false, error: { code: 'INTERNAL', message: systemErrorSentence(e) ?? `${name} failed unexpectedly; the console log has the details` } };
    }
  };
}
