import type { ApiResponse } from './method.js';
import type { ApiArgs, ApiName, ApiResult } from './table.js';

/** How a call crosses: IPC in Electron, fetch in web mode. Both answer { ok, value | error }. */
export type Transport = (name: string, args: unknown) => Promise<ApiResponse<unknown>>;

export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export interface ApiClient {
  call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>>;
}

export function makeClient(transport: Transport): ApiClient {
  return {
    async call(name, args) {
      const response = await transport(name, args);
      if (!response.ok) throw new ApiCallError(response.error.code, response.error.message);
      return response.value as never;
    },
  };
}
