import { describe, expect, it } from 'vitest';
import { IdleGate } from './idle-gate.js';

describe('the console idle gate', () => {
  it('lets work done ahead go only while no request is in flight', async () => {
    const gate = new IdleGate();
    await gate.idle(); // nothing in flight: at once
    let finish!: () => void;
    const request = gate.track(new Promise<void>((resolve) => (finish = resolve)));
    let went = false;
    const waiting = gate.idle().then(() => (went = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(went).toBe(false);
    finish();
    await request;
    await waiting;
    expect(went).toBe(true);
  });

  it('counts a failed request as settled too', async () => {
    const gate = new IdleGate();
    await expect(gate.track(Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await gate.idle();
  });
});
