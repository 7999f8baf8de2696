// What the global setup hands to tests through vitest's provide/inject; imported for its types by
// vitest-global-setup.ts and fixtures.ts, so every tsconfig that compiles a test sees the same keys.
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of the kubeconfig the e2e tests use. */
    kubeconfig: string;
    /** Path of the local cluster's cluster.json (CA, users, simulation); undefined for external clusters. */
    clusterInfo: string | undefined;
  }
}
