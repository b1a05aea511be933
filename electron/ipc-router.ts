import { API_NAMES } from '../src/api/table.js';
import type { ApiResponse } from '../src/api/method.js';
import { isTrustedFrame } from './app-origin.js';

/** The part of ipcMain this needs, so the router is tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string; parent: unknown } | null }, args: unknown) => Promise<unknown>): void;
}

export const channelOf = (name: string): string => `bulkhead:${name}`;

/**
 * One handler per method of the API table, nothing else. Each checks that the call comes from the
 * app's own top-level frame; arguments are then checked against the table's schema by dispatch.
 */
export function registerApi(ipc: IpcMainLike, dispatch: (name: string, args: unknown) => Promise<ApiResponse<unknown>>, log: (line: string) => void = () => {}): string[] {
  const channels: string[] = [];
  for (const name of API_NAMES) {
    ipc.handle(channelOf(name), async (event, args) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log(`refused ${name} from a frame that is not the app's top-level page (${event.senderFrame ? event.senderFrame.url.slice(0, 200) : 'destroyed'})`);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'calls are accepted only from the Bulkhead window' } };
      }
      return dispatch(name, args);
    });
    channels.push(channelOf(name));
  }
  return channels;
}
