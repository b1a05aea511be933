import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type AppLike, type WindowLike } from './single-instance.js';

function fakeApp(lock: boolean) {
  const listeners: (() => void)[] = [];
  const app = { quits: 0, requestSingleInstanceLock: () => lock, quit: () => void app.quits++, on: (_e: 'second-instance', fn: () => void) => listeners.push(fn) };
  return { app: app as AppLike & { quits: number }, secondLaunch: () => listeners.forEach((fn) => fn()) };
}

function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  const win: WindowLike = { isDestroyed: () => false, isMinimized: () => minimized, restore: () => void calls.push('restore'), show: () => void calls.push('show'), focus: () => void calls.push('focus') };
  return { win, calls };
}

describe('one app per user', () => {
  it('a second launch quits at once and starts nothing', () => {
    const { app } = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(app.quits).toBe(1);
  });

  it('the first brings its window forward when another launch is attempted', () => {
    const { app, secondLaunch } = fakeApp(true);
    const { win, calls } = fakeWindow(true);
    expect(claimSingleInstance(app, () => win)).toBe(true);
    expect(app.quits).toBe(0);
    secondLaunch();
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('a second launch before the window exists changes nothing', () => {
    const { app, secondLaunch } = fakeApp(true);
    claimSingleInstance(app, () => undefined);
    expect(() => secondLaunch()).not.toThrow();
  });
});
