import { describe, expect, it } from 'vitest';
import { registerApi, type IpcMainLike } from './ipc-router.js';
import { isTrustedFrame, APP_URL } from './app-origin.js';
import { API_NAMES } from '../src/api/table.js';
import { makeDispatch } from '../src/host/console/dispatch.js';
import type { Handlers } from '../src/host/console/deps.js';

type Listener = Parameters<IpcMainLike['handle']>[1];

function router() {
  const listeners = new Map<string, Listener>();
  const calls: string[] = [];
  const handlers = new Proxy({} as Handlers, { get: (_t, name: string) => async () => (calls.push(name), { answered: name }) });
  const channels = registerApi({ handle: (channel, l) => listeners.set(channel, l) }, makeDispatch(handlers));
  return { listeners, calls, channels };
}

const top = { url: APP_URL, parent: null };

describe('Electron IPC router', () => {
  it('registers exactly one channel per API method, named from the table', () => {
    const { channels } = router();
    expect(channels).toEqual(API_NAMES.map((n) => `bulkhead:${n}`));
  });

  it('answers the app\'s own top-level frame, validating arguments', async () => {
    const { listeners, calls } = router();
    expect(await listeners.get('bulkhead:session.status')!({ senderFrame: top }, {})).toEqual({ ok: true, value: { answered: 'session.status' } });
    expect(await listeners.get('bulkhead:vaults.remove')!({ senderFrame: top }, { vaultId: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    expect(calls).toEqual(['session.status']);
  });

  it('refuses iframes, other origins, file:// pages and destroyed frames', async () => {
    const { listeners, calls } = router();
    const call = listeners.get('bulkhead:session.unlock')!;
    for (const senderFrame of [{ url: APP_URL, parent: top }, { url: 'https://evil.example/', parent: null }, { url: 'file:///tmp/x.html', parent: null }, null]) {
      expect(await call({ senderFrame }, { identity: { path: '/x' }, passphrase: 'p' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
  });

  it('trusts app://bulkhead pages only', () => {
    expect(isTrustedFrame({ url: 'app://bulkhead/index.html', parent: null })).toBe(true);
    expect(isTrustedFrame({ url: 'app://bulkhead.evil/index.html', parent: null })).toBe(false);
    // what a prefix or origin comparison gets wrong: user info, a port, another scheme or host
    for (const url of ['app://bulkhead@evil/index.html', 'app://evil@bulkhead:1/index.html', 'app://bulkhead:8080/index.html', 'app://x:y@bulkhead/', 'https://bulkhead/index.html', 'app://evil/bulkhead/index.html', 'APP://bulkhead.evil/']) {
      expect(isTrustedFrame({ url, parent: null }), url).toBe(false);
    }
    expect(isTrustedFrame({ url: 'APP://BULKHEAD/index.html', parent: null })).toBe(true); // the same URL, normalised
    expect(isTrustedFrame({ url: 'app://bulkhead/index.html', parent: undefined })).toBe(false);
    expect(isTrustedFrame({ url: 'not a url', parent: null })).toBe(false);
  });
});
