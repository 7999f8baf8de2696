// The kubeconfig `up` writes: one cluster, one context per user in users.ts. Credentials are embedded
// (`*-data` fields) so the file works when copied elsewhere, like the ones kind and cloud CLIs write.
import { stringify } from "yaml";

export const kubeconfigClusterName = "kr8s";

export type KubeconfigCredential =
  | { readonly kind: "client-certificate"; readonly certPem: string; readonly keyPem: string }
  | { readonly kind: "token"; readonly token: string };

export interface KubeconfigUser {
  readonly context: string;
  readonly credential: KubeconfigCredential;
}

export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly users: readonly KubeconfigUser[];
  readonly currentContext: string;
}

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

export function kubeconfigYaml({ server, caPem, users, currentContext }: KubeconfigInput): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: [
      { name: kubeconfigClusterName, cluster: { server, "certificate-authority-data": b64(caPem) } },
    ],
    users: users.map(({ context, credential }) => ({
      name: context,
      user:
        credential.kind === "token"
          ? { token: credential.token }
          : { "client-certificate-data": b64(credential.certPem), "client-key-data": b64(credential.keyPem) },
    })),
    contexts: users.map(({ context }) => ({
      name: context,
      context: { cluster: kubeconfigClusterName, user: context, namespace: "default" },
    })),
    "current-context": currentContext,
  });
}
