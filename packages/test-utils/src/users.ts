// The users the local cluster knows. Add one here and `up` gives it a kubeconfig context.
//
// - `client-certificate` users get a certificate signed by the cluster CA (CN = name, O = groups).
// - `token` users get a random bearer token per cluster, served through kube-apiserver's
//   `--token-auth-file`.
// RBAC is on and the harness creates no bindings: only `system:masters` members can do anything,
// so the others are for 403, whoami and impersonation tests.

export type UserAuth = "client-certificate" | "token";

export interface ClusterUser {
  /** The user name Kubernetes sees (certificate CN or token-file user). */
  readonly name: string;
  readonly groups: readonly string[];
  readonly auth: UserAuth;
  /** The kubeconfig context (and user entry) for this user. */
  readonly context: string;
}

/** The first user is the kubeconfig's current context. */
export const clusterUsers: readonly ClusterUser[] = [
  { name: "kr8s-admin", groups: ["system:masters"], auth: "client-certificate", context: "kr8s-admin" },
  { name: "kr8s-token-user", groups: ["kr8s:testers"], auth: "token", context: "kr8s-token" },
];

export const adminContext = "kr8s-admin";
