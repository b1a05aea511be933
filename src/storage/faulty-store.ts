import type { BlobStore, GetOptions, ListOptions, PutOptions } from './blob-store.js';
import { BulkheadError } from '../util/errors.js';

export type FaultOp = 'get' | 'put' | 'head' | 'list' | 'extendRetention';

/** What a rule decides for one call: let it through, fail it, or (reads only) flip a byte. */
export type Fault = undefined | 'fail' | 'corrupt';
export type FaultRule = (op: FaultOp, key: string, call: number) => Fault;

/** Fault injection for tests: wraps any store and fails or corrupts the calls a rule picks. */
export class FaultyStore implements BlobStore {
  #calls = 0;

  constructor(
    private readonly inner: BlobStore,
    private readonly rule: FaultRule,
  ) {}

  get url(): string {
    return this.inner.url;
  }

  get wantsContentMd5(): boolean {
    return !!this.inner.wantsContentMd5;
  }

  get rangedReadsCheap(): boolean {
    return !!this.inner.rangedReadsCheap;
  }

  get serverTimes(): boolean {
    return !!this.inner.serverTimes;
  }

  #decide(op: FaultOp, key: string): Fault {
    const fault = this.rule(op, key, this.#calls++);
    if (fault === 'fail') throw new BulkheadError('INJECTED', `injected failure: ${op} ${key}`);
    return fault;
  }

  async get(key: string, options?: GetOptions): Promise<Buffer> {
    const fault = this.#decide('get', key);
    const bytes = await this.inner.get(key, options);
    if (fault === 'corrupt' && bytes.length > 0) bytes[bytes.length >> 1]! ^= 0x01;
    return bytes;
  }

  async head(key: string, versionId?: string) {
    this.#decide('head', key);
    return this.inner.head(key, versionId);
  }

  async list(prefix: string, options?: ListOptions) {
    this.#decide('list', prefix);
    return this.inner.list(prefix, options);
  }

  async put(key: string, bytes: Buffer, options: PutOptions) {
    this.#decide('put', key);
    return this.inner.put(key, bytes, options);
  }

  async extendRetention(key: string, until: Date, versionId?: string) {
    this.#decide('extendRetention', key);
    return this.inner.extendRetention(key, until, versionId);
  }

  async posture() {
    return this.inner.posture();
  }

  delete(key: string): Promise<never> {
    return this.inner.delete(key);
  }
}
