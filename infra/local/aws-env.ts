/**
 * The AWS settings the local stand-ins accept. DynamoDB Local rejects credentials that are not
 * letters and digits, and with -sharedDb every credential sees the same tables.
 */
export const localRegion = 'us-east-1';
export const localCredentials = { accessKeyId: 'zhengminglocal', secretAccessKey: 'zhengminglocal' };
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: localRegion,
  credentials: localCredentials,
});
