export {
  Kr8sError,
  KubeConfigError,
  AuthenticationError,
  ConnectionError,
  ServerError,
  NotFoundError,
  UnauthorizedError,
  ForbiddenError,
  APITimeoutError,
} from "./errors.ts";
export type { KubernetesStatus, Kr8sErrorOptions } from "./errors.ts";
export type { ConnectionConfig, CredentialSource, Credentials, TLSConfig, Impersonation } from "./config/types.ts";
