// Where the local control plane keeps its state. Everything lives under one git-ignored directory of the
// repository so `down` can remove it all and two checkouts never share a cluster.
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is `<root>/packages/test-utils/src/paths.ts`). */
export const repoRoot = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

/** kwokctl's name for the cluster; its workdir is `<KWOK_WORKDIR>/clusters/<clusterName>`. */
export const clusterName = "kr8s";

/** Name of the one fake node the harness creates. */
export const nodeName = "kwok-node-0";

export interface StatePaths {
  readonly stateDir: string;
  /** KWOK_WORKDIR for kwokctl: its config, pki, pids and component logs live below it. */
  readonly kwokWorkdir: string;
  /** kwokctl's own directory for this cluster (pids/, logs/, pki/, kwok.yaml). */
  readonly kwokClusterDir: string;
  readonly kwokctlConfig: string;
  readonly kubeconfig: string;
  readonly clusterJson: string;
  readonly tokenFile: string;
  /** The OIDC issuer's keys, certificates, pid file and log (oidc-issuer.ts). */
  readonly oidcDir: string;
  /** kube-apiserver `--authentication-config`: trusts the OIDC issuer. */
  readonly authenticationConfig: string;
  readonly certsDir: string;
  readonly caCert: string;
  readonly caKey: string;
  /** The file ClusterLogs serves for every container (CRI log format). */
  readonly podLogFile: string;
  /** The file ClusterAttach follows: attach streams lines appended after it connects. */
  readonly attachLogFile: string;
  /** Working directory of commands run by `kubectl exec` (they run as local processes). */
  readonly execWorkdir: string;
  readonly lockDir: string;
}

/** Paths of the cluster state; `KR8S_CLUSTER_STATE_DIR` overrides the default `<repo>/.kr8s-cluster`. */
export function statePaths(
  stateDir = process.env.KR8S_CLUSTER_STATE_DIR ?? join(repoRoot, ".kr8s-cluster"),
): StatePaths {
  const kwokWorkdir = join(stateDir, "kwok");
  const kwokClusterDir = join(kwokWorkdir, "clusters", clusterName);
  const certsDir = join(stateDir, "certs");
  return {
    stateDir,
    kwokWorkdir,
    kwokClusterDir,
    kwokctlConfig: join(stateDir, "kwokctl.yaml"),
    kubeconfig: join(stateDir, "kubeconfig"),
    clusterJson: join(stateDir, "cluster.json"),
    tokenFile: join(stateDir, "tokens.csv"),
    oidcDir: join(stateDir, "oidc"),
    authenticationConfig: join(stateDir, "authentication-config.yaml"),
    certsDir,
    caCert: join(kwokClusterDir, "pki", "ca.crt"),
    caKey: join(kwokClusterDir, "pki", "ca.key"),
    podLogFile: join(stateDir, "simulation", "pod.log"),
    attachLogFile: join(stateDir, "simulation", "attach.log"),
    execWorkdir: join(stateDir, "simulation", "exec"),
    // Outside the state dir (`down` removes it while holding the lock) and outside the work tree (a lock
    // left by a killed process must not show up in git status); one per state dir.
    lockDir: join(
      tmpdir(),
      `kr8s-cluster-${createHash("sha256").update(resolve(stateDir)).digest("hex").slice(0, 12)}.lock`,
    ),
  };
}
