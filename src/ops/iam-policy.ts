/**
 * Least-privilege IAM policies for a vault at s3://BUCKET/PREFIX: the agent can add objects and
 * extend retention and read only index/ and config/; the operator can only read. No delete anywhere.
 */
export function iamPolicies(bucket: string, prefix: string): { agent: object; operator: object } {
  const arn = `arn:aws:s3:::${bucket}`;
  const objects = `${arn}/${prefix}*`;
  const list = { Effect: 'Allow', Action: ['s3:ListBucket', 's3:ListBucketVersions'], Resource: arn, ...(prefix && { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } }) };
  return {
    agent: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AddObjectsAndExtendRetention', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: objects },
        { Sid: 'ReadIndexAndConfigForDedup', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: [`${arn}/${prefix}index/*`, `${arn}/${prefix}config/*`] },
        { Sid: 'List', ...list },
      ],
    },
    operator: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadEverything', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectRetention'], Resource: objects },
        { Sid: 'List', ...list },
        { Sid: 'InspectBucket', Effect: 'Allow', Action: ['s3:GetBucketVersioning', 's3:GetBucketObjectLockConfiguration'], Resource: arn },
      ],
    },
  };
}
