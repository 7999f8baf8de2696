// The local control plane: `clusterUp`, `clusterDown`, `clusterStatus`. The CLI (cli.ts) and the vitest
// global setup both call these. kwokctl's binary runtime does the heavy lifting (PKI, ports, starting
// etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok); this module adds what the
// project needs on top: users, a kubeconfig, a fake node, readiness checks, and cleanup that leaves no
// process behind when anything fails.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseAllDocuments } from "yaml";
import { type AdminCredentials, apiRequest, tryGet } from "./api.ts";
import { mintClientCert } from "./certs.ts";
import { type RunResult, run } from "./exec.ts";
import {
  type BinaryPaths,
  kwokctlConfigYaml,
  podLogFileContent,
  podLogLines,
  portForward,
} from "./kwok-config.ts";
import { type KubeconfigUser, kubeconfigYaml } from "./kubeconfig.ts";
import { withLock } from "./lock.ts";
import {
  apiserverAcceptsIdToken,
  authenticationConfigYaml,
  type OidcIssuerInfo,
  oidcIssuerHealthy,
  oidcIssuerPid,
  startOidcIssuer,
} from "./oidc-issuer.ts";
import { clusterName, nodeName, repoRoot, type StatePaths, statePaths } from "./paths.ts";
import { components, liveProcesses, processesMentioning, recordedProcesses, terminate } from "./processes.ts";
import { adminContext, clusterUsers, type UserAuth } from "./users.ts";

/** What `cluster.json` holds: everything a test needs to reach and extend the local cluster. */
export interface ClusterInfo {
  readonly version: 1;
  readonly server: string;
  readonly kubeconfig: string;
  readonly stateDir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly adminContext: string;
  readonly users: readonly ClusterInfoUser[];
  /** Convenience view of `users` with `auth: "token"`. */
  readonly tokenUsers: readonly {
    readonly name: string;
    readonly groups: readonly string[];
    readonly context: string;
    readonly token: string;
  }[];
  /** The local OIDC issuer kube-apiserver trusts (oidc-issuer.ts): mint tokens with `mintIdToken`. */
  readonly oidc: OidcIssuerInfo;
  readonly node: string;
  readonly binDir: string;
  readonly simulation: {
    readonly execWorkdir: string;
    readonly podLogFile: string;
    readonly podLogLines: readonly string[];
    readonly attachLogFile: string;
    readonly portForward: typeof portForward;
  };
}

export interface ClusterInfoUser {
  readonly name: string;
  readonly groups: readonly string[];
  readonly auth: UserAuth;
  readonly context: string;
  readonly token?: string;
  readonly clientCert?: string;
  readonly clientKey?: string;
}

export interface ClusterOptions {
  /** Progress messages (never secrets). Default: stderr. */
  readonly log?: (message: string) => void;
  readonly paths?: StatePaths;
  /** Aborting tears down whatever `up` started. */
  readonly signal?: AbortSignal;
}

export interface UpResult {
  readonly kubeconfig: string;
  readonly clusterInfo: string;
  /** True when a healthy cluster was already running and was reused. */
  readonly reused: boolean;
}

export interface StatusResult {
  readonly up: boolean;
  readonly kubeconfig?: string;
  /** Why the cluster is not healthy (empty when `up`). */
  readonly problems: readonly string[];
  /** Whether every process of the cluster is alive (its state exists), whatever the health checks said. */
  readonly running?: boolean;
}

/** How long `up` waits for a running cluster whose health checks fail before it replaces it. */
const RUNNING_GRACE_MS = 90_000;

/** An error whose message is meant for the person running `up` (which step failed and why). */
export class ClusterError extends Error {
  override readonly name = "ClusterError";
}

const defaultLog = (message: string): void => {
  process.stderr.write(`[cluster] ${message}\n`);
};

/** Starts the cluster, or reuses it when it is already up and healthy. */
export async function clusterUp(options: ClusterOptions = {}): Promise<UpResult> {
  const paths = options.paths ?? statePaths();
  const log = options.log ?? defaultLog;
  return withLock(paths.lockDir, log, async () => {
    let status = await statusOf(paths);
    // Every process alive but a check failing (a slow /readyz, a node heartbeat late) is what a loaded
    // machine looks like: give it time before tearing down a cluster other test runs may be using.
    for (
      const deadline = Date.now() + RUNNING_GRACE_MS;
      !status.up && status.running && Date.now() < deadline;
    ) {
      log(`cluster is running but not healthy yet (${status.problems.join("; ")}); waiting`);
      await sleep(3_000);
      status = await statusOf(paths);
    }
    if (status.up) {
      log("cluster is already up; reusing it");
      return { kubeconfig: paths.kubeconfig, clusterInfo: paths.clusterJson, reused: true };
    }
    if (existsSync(paths.stateDir)) {
      log(`found a cluster that is not healthy (${status.problems.join("; ")}); removing it first`);
      await teardown(paths, log);
    }
    const started = Date.now();
    try {
      await start(paths, log, options.signal);
    } catch (error) {
      log("start-up failed; tearing down what was started");
      await teardown(paths, log);
      throw error;
    }
    log(`cluster is up (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { kubeconfig: paths.kubeconfig, clusterInfo: paths.clusterJson, reused: false };
  });
}

/** Stops every process of the cluster and removes its state. Succeeds when nothing is up. */
export async function clusterDown(options: ClusterOptions = {}): Promise<void> {
  const paths = options.paths ?? statePaths();
  const log = options.log ?? defaultLog;
  await withLock(paths.lockDir, log, () => teardown(paths, log));
}

/** Whether the cluster is up and healthy: all processes alive, /readyz ok, the node Ready. */
export async function clusterStatus(options: ClusterOptions = {}): Promise<StatusResult> {
  return statusOf(options.paths ?? statePaths());
}

/** Reads `cluster.json` of the local cluster. */
export async function readClusterInfo(path = statePaths().clusterJson): Promise<ClusterInfo> {
  return JSON.parse(await readFile(path, "utf8")) as ClusterInfo;
}

// ---------------------------------------------------------------------------------------------------

async function start(
  paths: StatePaths,
  log: (m: string) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const checkAbort = (): void => {
    if (signal?.aborted) throw new ClusterError("interrupted");
  };
  await mkdir(paths.stateDir, { recursive: true, mode: 0o700 });
  // The OIDC issuer must answer before kube-apiserver starts (its JWT authenticator fetches the discovery
  // document at start-up and, when that fails, retries only every 10 s); it starts while the binaries are
  // checked. Both are awaited so that a failure of either never leaves the other running past teardown.
  log("starting the OIDC issuer");
  const [built, issuerStarted] = await Promise.allSettled([
    buildControlPlane(log),
    startOidcIssuer(paths.oidcDir, signal),
  ]);
  if (built.status === "rejected") throw built.reason;
  if (issuerStarted.status === "rejected") {
    throw new ClusterError(`starting the OIDC issuer failed: ${(issuerStarted.reason as Error).message}`);
  }
  const binDir = built.value;
  const oidc = issuerStarted.value;
  checkAbort();
  const binaries: BinaryPaths = {
    kubeApiserver: join(binDir, "kube-apiserver"),
    kubeControllerManager: join(binDir, "kube-controller-manager"),
    kubeScheduler: join(binDir, "kube-scheduler"),
    etcd: join(binDir, "etcd"),
    kwok: join(binDir, "kwok"),
    kwokctl: join(binDir, "kwokctl"),
  };

  await mkdir(paths.execWorkdir, { recursive: true });
  await writeFile(paths.podLogFile, podLogFileContent());
  await writeFile(paths.attachLogFile, "");

  // Static tokens: a fresh random token per cluster, readable by this user only.
  const tokens = new Map<string, string>();
  const tokenLines: string[] = [];
  for (const user of clusterUsers.filter((u) => u.auth === "token")) {
    const token = randomBytes(24).toString("base64url");
    tokens.set(user.name, token);
    tokenLines.push(`${token},${user.name},${user.name},"${user.groups.join(",")}"`);
  }
  await writeFile(paths.tokenFile, tokenLines.join("\n") + "\n", { mode: 0o600 });

  await writeFile(
    paths.authenticationConfig,
    authenticationConfigYaml(oidc, await readFile(oidc.caCert, "utf8")),
  );

  const apiserverPort = Number(process.env.KR8S_CLUSTER_APISERVER_PORT ?? 0);
  if (!Number.isInteger(apiserverPort) || apiserverPort < 0 || apiserverPort > 65535) {
    throw new ClusterError(
      `KR8S_CLUSTER_APISERVER_PORT must be a port number, not "${process.env.KR8S_CLUSTER_APISERVER_PORT}"`,
    );
  }
  await writeFile(
    paths.kwokctlConfig,
    kwokctlConfigYaml({ paths, binaries, kubectl: await which("kubectl"), apiserverPort }),
  );

  log(
    "starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (kwokctl, binary runtime)",
  );
  await createWithKwokctl(paths, binaries.kwokctl, signal);
  checkAbort();

  const server = `https://127.0.0.1:${await apiserverPortOf(paths)}`;
  const caPem = await readFile(paths.caCert, "utf8");

  // Users: certificates signed by the cluster CA, tokens from the token file.
  const kubeUsers: KubeconfigUser[] = [];
  const infoUsers: ClusterInfoUser[] = [];
  for (const user of clusterUsers) {
    if (user.auth === "token") {
      const token = tokens.get(user.name) ?? "";
      kubeUsers.push({ context: user.context, credential: { kind: "token", token } });
      infoUsers.push({ ...user, token });
    } else {
      const cert = await mintClientCert({
        caCert: paths.caCert,
        caKey: paths.caKey,
        commonName: user.name,
        groups: user.groups,
        outDir: paths.certsDir,
      });
      kubeUsers.push({
        context: user.context,
        credential: { kind: "client-certificate", certPem: cert.certPem, keyPem: cert.keyPem },
      });
      infoUsers.push({ ...user, clientCert: cert.certPath, clientKey: cert.keyPath });
    }
  }
  await writeFile(
    paths.kubeconfig,
    kubeconfigYaml({ server, caPem, users: kubeUsers, currentContext: adminContext }),
    { mode: 0o600 },
  );

  const info: ClusterInfo = {
    version: 1,
    server,
    kubeconfig: paths.kubeconfig,
    stateDir: paths.stateDir,
    caCert: paths.caCert,
    caKey: paths.caKey,
    adminContext,
    users: infoUsers,
    tokenUsers: infoUsers.flatMap((u) =>
      u.token === undefined ? [] : [{ name: u.name, groups: u.groups, context: u.context, token: u.token }],
    ),
    oidc,
    node: nodeName,
    binDir,
    simulation: {
      execWorkdir: paths.execWorkdir,
      podLogFile: paths.podLogFile,
      podLogLines,
      attachLogFile: paths.attachLogFile,
      portForward,
    },
  };
  await writeFile(paths.clusterJson, JSON.stringify(info, null, 2) + "\n", { mode: 0o600 });

  const creds = await adminCredentials(paths);
  log("waiting for kube-apiserver /readyz");
  await waitFor(
    paths,
    signal,
    90_000,
    "kube-apiserver /readyz",
    async () => (await tryGet(creds, "/readyz")).status === 200,
  );

  log(`creating fake node ${nodeName}`);
  const createdNode = await apiRequest(creds, "POST", "/api/v1/nodes", fakeNode());
  if (createdNode.status !== 201 && createdNode.status !== 409) {
    throw new ClusterError(
      `creating node ${nodeName} failed: HTTP ${createdNode.status} ${createdNode.body}`,
    );
  }
  log(`waiting for node ${nodeName} to be Ready and for the default ServiceAccount`);
  await waitFor(paths, signal, 90_000, `node ${nodeName} Ready`, () => nodeReady(creds));
  await waitFor(
    paths,
    signal,
    90_000,
    "ServiceAccount default/default",
    async () => (await tryGet(creds, "/api/v1/namespaces/default/serviceaccounts/default")).status === 200,
  );
  log("waiting for kube-apiserver to accept OIDC id-tokens");
  await waitFor(paths, signal, 30_000, "OIDC authentication", () =>
    apiserverAcceptsIdToken(oidc, creds.server, creds.caPem),
  );
}

/** Runs scripts/build-control-plane.sh (a no-op when cached) and returns the binary directory. */
async function buildControlPlane(log: (m: string) => void): Promise<string> {
  const script = join(repoRoot, "scripts", "build-control-plane.sh");
  log(
    "ensuring control-plane binaries (scripts/build-control-plane.sh; a cold build takes about 10 min on 2 cores)",
  );
  const result = await run("bash", [script], { teeStderr: true });
  const binDir = result.stdout.trim().split("\n").at(-1)?.trim() ?? "";
  if (result.exitCode !== 0 || binDir === "") {
    throw new ClusterError(
      `building the control plane failed (scripts/build-control-plane.sh exit ${result.exitCode}); see its output above`,
    );
  }
  return binDir;
}

/**
 * Runs `kwokctl create cluster`. kwokctl waits up to 2 minutes for an API server that already died (e.g.
 * on a port conflict), so the components are watched meanwhile and the first one to exit fails `up` at once.
 */
async function createWithKwokctl(
  paths: StatePaths,
  kwokctl: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal?.addEventListener("abort", onAbort);
  let died = false;
  const watch = (async () => {
    while (!stop.signal.aborted) {
      await sleep(300);
      if ((await deadComponents(paths)).length > 0) {
        died = true;
        stop.abort();
      }
    }
  })();
  let created: RunResult | undefined;
  let runError: unknown;
  try {
    created = await run(
      kwokctl,
      [
        "--name",
        clusterName,
        "-c",
        paths.kwokctlConfig,
        "create",
        "cluster",
        "--runtime=binary",
        "--kubeconfig=",
        "--timeout=3m",
      ],
      { env: kwokEnv(paths), timeoutMs: 4 * 60_000, signal: stop.signal },
    );
  } catch (error) {
    runError = error;
  } finally {
    stop.abort();
    signal?.removeEventListener("abort", onAbort);
    await watch;
  }
  if (died)
    throw new ClusterError(
      `a control-plane process exited during start-up:\n${await componentFailures(paths)}`,
    );
  if (signal?.aborted) throw new ClusterError("interrupted");
  if (!created) throw new ClusterError(`kwokctl create cluster could not run: ${String(runError)}`);
  await writeFile(join(paths.stateDir, "kwokctl-create.log"), created.stdout + created.stderr);
  if (created.exitCode !== 0) {
    const output = tail(created.stdout + created.stderr, 15);
    throw new ClusterError(
      `kwokctl create cluster failed (exit ${created.exitCode}):\n${output}\n${await componentFailures(paths)}`,
    );
  }
}

/** Components whose recorded process is gone (a pid file exists but the process does not). */
async function deadComponents(paths: StatePaths): Promise<string[]> {
  const recorded = await recordedProcesses(paths.kwokClusterDir);
  const live = new Set((await liveProcesses(paths.kwokClusterDir)).map((p) => p.pid));
  return recorded.filter((p) => !live.has(p.pid)).map((p) => p.component);
}

/** Stops everything and removes the state directory. Never throws for "nothing to stop". */
async function teardown(paths: StatePaths, log: (m: string) => void): Promise<void> {
  // kwokctl stops the components it knows and deletes its workdir; ignore its failures and verify below.
  const kwokctl = await kwokctlPath(paths);
  if (kwokctl && existsSync(paths.kwokClusterDir)) {
    // `delete` rejects an empty --kubeconfig and edits the named file: point it at a throwaway one so
    // the user's ~/.kube/config is never touched.
    const scratch = join(paths.stateDir, "kwokctl-delete.kubeconfig");
    await run(kwokctl, ["--name", clusterName, "delete", "cluster", `--kubeconfig=${scratch}`], {
      env: kwokEnv(paths),
      timeoutMs: 60_000,
    }).catch(() => undefined);
  }
  const recorded = (await recordedProcesses(paths.kwokClusterDir)).map((p) => p.pid);
  // Also processes whose pid file is missing (deleted state dir, crash mid-start): their binaries are
  // symlinks under the kwok cluster dir, so their command lines mention it.
  const strays = await processesMentioning(paths.kwokClusterDir);
  // The OIDC issuer is ours, not kwokctl's: its own pid file, and its command line names its directory.
  const issuer = await oidcIssuerPid(paths.oidcDir);
  const issuerStrays = await processesMentioning(paths.oidcDir);
  const pids = [
    ...new Set([...recorded, ...strays, ...(issuer === undefined ? [] : [issuer]), ...issuerStrays]),
  ];
  if (pids.length > 0) {
    log(`stopping ${pids.length} process(es)`);
    await terminate(pids);
  }
  if (existsSync(paths.stateDir)) {
    await rm(paths.stateDir, { recursive: true, force: true });
    log("cluster is down");
  }
}

async function statusOf(paths: StatePaths): Promise<StatusResult> {
  if (!existsSync(paths.clusterJson) || !existsSync(paths.kubeconfig))
    return { up: false, problems: ["not started"] };
  const problems: string[] = [];
  const live = new Set((await liveProcesses(paths.kwokClusterDir)).map((p) => p.component));
  const dead: string[] = components.filter((c) => !live.has(c));
  if (dead.length > 0) problems.push(`not running: ${dead.join(", ")}`);
  try {
    const info = await readClusterInfo(paths.clusterJson);
    // A cluster started before the harness had an OIDC issuer lacks `oidc`: replace it.
    if (info.oidc === undefined) {
      problems.push("no OIDC issuer (started by an older harness)");
      dead.push("oidc-issuer");
    } else if ((await oidcIssuerPid(paths.oidcDir)) === undefined) {
      problems.push("not running: oidc-issuer");
      dead.push("oidc-issuer");
    } else if (!(await oidcIssuerHealthy(info.oidc))) problems.push("the OIDC issuer does not answer");
    const creds = await adminCredentials(paths);
    const ready = await tryGet(creds, "/readyz");
    if (ready.status !== 200)
      problems.push(`/readyz: ${ready.status === 0 ? ready.body : `HTTP ${ready.status}`}`);
    else if (!(await nodeReady(creds))) problems.push(`node ${nodeName} is not Ready`);
  } catch (error) {
    problems.push(`cannot read cluster state: ${String(error)}`);
  }
  return problems.length === 0
    ? { up: true, kubeconfig: paths.kubeconfig, problems, running: true }
    : { up: false, problems, running: dead.length === 0 };
}

/** The admin client certificate and CA of the local cluster, for the harness's own HTTPS checks. */
export async function adminCredentials(paths: StatePaths): Promise<AdminCredentials> {
  const info = await readClusterInfo(paths.clusterJson);
  const admin = info.users.find((u) => u.context === info.adminContext);
  if (!admin?.clientCert || !admin.clientKey)
    throw new ClusterError("cluster.json has no admin client certificate");
  const [caPem, certPem, keyPem] = await Promise.all([
    readFile(info.caCert, "utf8"),
    readFile(admin.clientCert, "utf8"),
    readFile(admin.clientKey, "utf8"),
  ]);
  return { server: info.server, caPem, certPem, keyPem };
}

async function nodeReady(creds: AdminCredentials): Promise<boolean> {
  const res = await tryGet(creds, `/api/v1/nodes/${nodeName}`);
  if (res.status !== 200) return false;
  const node = JSON.parse(res.body) as { status?: { conditions?: { type: string; status: string }[] } };
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function fakeNode(): object {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: nodeName,
      // kwok manages nodes carrying this annotation (kwokctl runs it with --manage-all-nodes, but the
      // annotation keeps the node recognisably fake and works under either setting).
      annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: {
        type: "kwok",
        "kubernetes.io/hostname": nodeName,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "node-role.kubernetes.io/agent": "",
      },
    },
    spec: {},
  };
}

/** Polls `check` until true; fails fast (naming the component) when a control-plane process dies. */
async function waitFor(
  paths: StatePaths,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  what: string,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new ClusterError("interrupted");
    if (await check()) return;
    const live = new Set((await liveProcesses(paths.kwokClusterDir)).map((p) => p.component));
    if (components.some((c) => !live.has(c))) {
      throw new ClusterError(
        `a control-plane process exited while waiting for ${what}:\n${await componentFailures(paths)}`,
      );
    }
    if (Date.now() > deadline)
      throw new ClusterError(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

/** For each component that is not running: its name and why (a port conflict, or its last log lines). */
async function componentFailures(paths: StatePaths): Promise<string> {
  const live = new Set((await liveProcesses(paths.kwokClusterDir)).map((p) => p.component));
  const reports: string[] = [];
  for (const component of components.filter((c) => !live.has(c))) {
    const logText = await readFile(join(paths.kwokClusterDir, "logs", `${component}.log`), "utf8").catch(
      () => "",
    );
    const inUse = /listen tcp ([\d.:[\]]+): bind: address already in use/.exec(logText);
    if (inUse) reports.push(`  ${component}: port ${inUse[1]} is already in use`);
    else
      reports.push(
        `  ${component}: not running${logText ? `; last log lines:\n${indent(tail(logText, 4))}` : " (no log)"}`,
      );
  }
  return reports.length > 0 ? reports.join("\n") : "  (all components are running)";
}

async function apiserverPortOf(paths: StatePaths): Promise<number> {
  // kwokctl saves the resolved configuration (with the ports it picked) as kwok.yaml in its workdir.
  const text = await readFile(join(paths.kwokClusterDir, "kwok.yaml"), "utf8");
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as { kind?: string; options?: { kubeApiserverPort?: number } } | null;
    if (value?.kind === "KwokctlConfiguration" && value.options?.kubeApiserverPort)
      return value.options.kubeApiserverPort;
  }
  throw new ClusterError("kwokctl did not record the kube-apiserver port in kwok.yaml");
}

async function kwokctlPath(paths: StatePaths): Promise<string | undefined> {
  const info = await readClusterInfo(paths.clusterJson).catch(() => undefined);
  if (info) return join(info.binDir, "kwokctl");
  // A failed start may not have written cluster.json yet; the kwokctl config names the binaries.
  const config = await readFile(paths.kwokctlConfig, "utf8").catch(() => "");
  const kwok = /kwokControllerBinary: (.+)/.exec(config)?.[1];
  return kwok ? join(kwok.trim(), "..", "kwokctl") : undefined;
}

/** kwokctl reads KWOK_* variables as defaults; pass only our workdir so a user's settings cannot leak in. */
function kwokEnv(paths: StatePaths): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("KWOK_")) env[k] = v;
  env.KWOK_WORKDIR = paths.kwokWorkdir;
  return env;
}

async function which(command: string): Promise<string> {
  const result = await run("sh", ["-c", `command -v ${command}`]);
  const found = result.stdout.trim();
  if (result.exitCode !== 0 || found === "") throw new ClusterError(`${command} is not on PATH`);
  return found;
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
