import { BulkheadError } from '../../util/errors.js';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function statusOf(e: unknown): number | undefined {
  return (e as SdkError)?.$metadata?.httpStatusCode;
}

export function isNotFound(e: unknown): boolean {
  const name = (e as SdkError)?.name;
  return statusOf(e) === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion';
}

/**
 * One clear sentence for the failures an operator can act on. S3 servers (RGW) often send empty
 * messages, so this branches on the error name and HTTP status.
 */
export function explain(e: unknown, where: string, doing: string): BulkheadError {
  const err = e as SdkError;
  const status = statusOf(e);
  const name = err?.name ?? 'Error';
  if (name === 'NoSuchBucket') return new BulkheadError('NO_VAULT', `the bucket of ${where} does not exist; create it with "bulkhead vault init --create-bucket" or fix the URL`, { cause: e });
  if (status === 403 || name === 'AccessDenied' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
    return new BulkheadError('STORE', `${where} refused ${doing} (access denied): check the credentials and the IAM policy ("bulkhead vault policy")`, { cause: e });
  }
  if (name === 'CredentialsProviderError') {
    return new BulkheadError('STORE', `no AWS credentials for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or name a profile of ~/.aws/config (?profile=NAME in the store URL; the Profile field of the console's S3 form)`, { cause: e });
  }
  if (name === 'TimeoutError' || name === 'ECONNREFUSED' || (err as NodeJS.ErrnoException)?.code === 'ECONNREFUSED') {
    return new BulkheadError('STORE', `${where} did not answer while ${doing}: check the endpoint and the network`, { cause: e });
  }
  return new BulkheadError('STORE', `${where} failed while ${doing}: ${name}${status ? ` (HTTP ${status})` : ''}${err?.message ? `: ${err.message}` : ''}`, { cause: e });
}
