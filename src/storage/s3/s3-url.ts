import { BulkheadError } from '../../util/errors.js';

export interface S3Location {
  bucket: string;
  prefix: string; // "" or "path/" (always ends with a slash when set)
  endpoint?: string;
  region?: string;
  profile?: string;
  pathStyle: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://BUCKET[/PREFIX][?endpoint=URL&region=R&profile=P&pathStyle=true]` */
export function parseS3Url(url: string): S3Location {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BulkheadError('USAGE', `"${url}" is not a valid s3:// URL; write s3://BUCKET[/PREFIX][?endpoint=…&region=…]`);
  }
  const bucket = u.hostname;
  if (u.protocol !== 's3:' || !BUCKET.test(bucket)) {
    throw new BulkheadError('USAGE', `"${url}" does not name a valid bucket; write s3://BUCKET[/PREFIX]`);
  }
  const path = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '');
  const known = new Set(['endpoint', 'region', 'profile', 'pathStyle']);
  for (const key of u.searchParams.keys()) {
    if (!known.has(key)) throw new BulkheadError('USAGE', `unknown option "${key}" in ${url}; known: endpoint, region, profile, pathStyle`);
  }
  const get = (k: string) => u.searchParams.get(k) ?? undefined;
  const endpoint = get('endpoint');
  const region = get('region');
  const profile = get('profile');
  return {
    bucket,
    prefix: path ? `${path}/` : '',
    ...(endpoint && { endpoint }),
    ...(region && { region }),
    ...(profile && { profile }),
    pathStyle: get('pathStyle') === 'true',
  };
}

/** The URL without credentials or options that could carry them: safe for logs and messages. */
export function displayS3(loc: S3Location): string {
  return `s3://${loc.bucket}/${loc.prefix}`;
}
