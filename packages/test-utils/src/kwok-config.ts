// The kwokctl configuration of the local cluster: which binaries to run, how kube-apiserver is set up,
// and how KWOK simulates what a kubelet would do (exec, logs, attach, port-forward).
//
// kwok v0.7.0 semantics this file relies on (read from pkg/kwok/server in the kwok sources):
// - exec: the command runs as a local process on this machine, in `local.workDir`.
// - logs: `logsFile` is read with the kubelet's CRI log reader, so each line must be in CRI format
//   (`<RFC3339Nano time> <stdout|stderr> F <text>`); `--timestamps`, `--tail` and `--since` use it.
// - attach: streams the lines appended to `logsFile` after the client attached (tailLines=0, follow).
// - port-forward: each rule in `forwards` has ONE fixed `target {address, port}`. A rule with `ports`
//   serves exactly those pod ports; a rule without `ports` serves every other pod port. kwok has no
//   "dial the same port as requested" mode, so the identity mapping below is one rule per port.
import { stringify } from "yaml";
import type { StatePaths } from "./paths.ts";

/** The text of the lines every container "logged" (what `kubectl logs` prints). */
export const podLogLines: readonly string[] = [
  "kr8s fake log line 1",
  "kr8s fake log line 2",
  "kr8s fake log line 3",
];

/**
 * Port-forward convention. A pod port P in [first, last] is forwarded to 127.0.0.1:P on this machine;
 * any other pod port goes to 127.0.0.1:defaultTargetPort. So a test starts its HTTP server on a free port
 * of the range and port-forwards to that same pod port.
 */
export const portForward = {
  address: "127.0.0.1",
  first: 18080,
  last: 18099,
  defaultTargetPort: 18080,
} as const;

/** The CRI-format content of the pod log file (timestamps are fixed, one second apart, in 2024). */
export function podLogFileContent(): string {
  return podLogLines.map((line, i) => `2024-01-01T00:00:0${i}.000000000Z stdout F ${line}\n`).join("");
}

export interface BinaryPaths {
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly kwokctl: string;
}

export interface KwokConfigInput {
  readonly paths: StatePaths;
  readonly binaries: BinaryPaths;
  readonly kubectl: string;
  /** 0 lets kwokctl pick a free port. */
  readonly apiserverPort: number;
}

/** The multi-document YAML passed to `kwokctl -c`. */
export function kwokctlConfigYaml({ paths, binaries, kubectl, apiserverPort }: KwokConfigInput): string {
  const kwokctl = {
    apiVersion: "config.kwok.x-k8s.io/v1alpha1",
    kind: "KwokctlConfiguration",
    options: {
      runtime: "binary",
      // Every component listens on loopback only.
      bindAddress: "127.0.0.1",
      securePort: true,
      kubeAuthorization: true, // Node,RBAC
      kubeAdmission: true, // real admission chain (NamespaceLifecycle, ServiceAccount, ...)
      kubeApiserverPort: apiserverPort,
      kubeApiserverBinary: binaries.kubeApiserver,
      kubeControllerManagerBinary: binaries.kubeControllerManager,
      kubeSchedulerBinary: binaries.kubeScheduler,
      kwokControllerBinary: binaries.kwok,
      etcdBinary: binaries.etcd,
      // kwokctl probes the API server with kubectl; never let it try to download one.
      kubectlBinary: kubectl,
      quietPull: true,
    },
    componentsPatches: [
      {
        name: "kube-apiserver",
        extraArgs: [
          { key: "token-auth-file", value: paths.tokenFile },
          // JWT authentication (the local OIDC issuer, oidc-issuer.ts). Excludes every --oidc-* flag.
          { key: "authentication-config", value: paths.authenticationConfig },
          // Without it kube-apiserver advertises the default-route IP, and fails on hosts without one.
          { key: "advertise-address", value: "127.0.0.1" },
          // The endpoint reconciler refuses loopback addresses; nothing here needs the `kubernetes` Endpoints.
          { key: "endpoint-reconciler-type", value: "none" },
        ],
      },
      {
        name: "kwok-controller",
        // Gives fake nodes an InternalIP (and pods a hostIP) that really reaches kwok's kubelet server.
        extraArgs: [{ key: "node-ip", value: "127.0.0.1", override: true }],
      },
    ],
  };

  const simulation = [
    {
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "ClusterExec",
      metadata: { name: "kr8s-exec" },
      spec: { execs: [{ local: { workDir: paths.execWorkdir } }] },
    },
    {
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "ClusterLogs",
      metadata: { name: "kr8s-logs" },
      spec: { logs: [{ logsFile: paths.podLogFile, follow: true }] },
    },
    {
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "ClusterAttach",
      metadata: { name: "kr8s-attach" },
      spec: { attaches: [{ logsFile: paths.attachLogFile }] },
    },
    {
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "ClusterPortForward",
      metadata: { name: "kr8s-port-forward" },
      spec: { forwards: portForwardRules() },
    },
  ];

  return [kwokctl, ...simulation].map((doc) => stringify(doc)).join("---\n");
}

function portForwardRules(): object[] {
  const rules: object[] = [];
  for (let port = portForward.first; port <= portForward.last; port++) {
    rules.push({ ports: [port], target: { address: portForward.address, port } });
  }
  // The catch-all rule: kwok uses the first rule without `ports` for any port no other rule lists.
  rules.push({ target: { address: portForward.address, port: portForward.defaultTargetPort } });
  return rules;
}
