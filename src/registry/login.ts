/** ECR registry credentials: GetAuthorizationToken decoded into what `docker login` needs. */
import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { wrapError } from '../errors.js';

/** Credentials for the account's default registry. */
export interface RegistryCredentials {
  /** Registry host for `docker login` and image references, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com. */
  registry: string;
  /** The proxy endpoint exactly as ECR returned it (with scheme). */
  proxyEndpoint: string;
  username: string;
  password: string;
  /** The base64 token itself (also a secret: it contains the password). */
  token: string;
  expiresAt?: Date;
}

/** Asks ECR for a registry token and decodes it (`base64(user:password)`). */
export async function registryCredentials(ecr: ECRClient): Promise<RegistryCredentials> {
  let data;
  try {
    const response = await ecr.send(new GetAuthorizationTokenCommand({}));
    data = response.authorizationData?.[0];
  } catch (error) {
    throw wrapError('getting an ECR authorization token', error);
  }
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new Error('getting an ECR authorization token: the response holds no token');
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new Error('getting an ECR authorization token: the token is not user:password');
  return {
    registry: data.proxyEndpoint.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, ''),
    proxyEndpoint: data.proxyEndpoint,
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    token: data.authorizationToken,
    expiresAt: data.expiresAt,
  };
}
