/**
 * Exec credential plugins (`users[].user.exec`, `client.authentication.k8s.io/v1` and `v1beta1`): run a
 * command, hand it `KUBERNETES_EXEC_INFO`, read an `ExecCredential` from its stdout.
 */
import type { ChildProcess } from "node:child_process";
import type { Writable } from "node:stream";
import { AuthenticationError, KubeConfigError } from "../../errors.ts";
import { digest } from "../files.ts";
import type { KubeConfigExec } from "../kubeconfig.ts";
import type { CredentialSource, Credentials } from "../types.ts";
import { CachedCredentialSource } from "./cached-source.ts";

const API_VERSIONS = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] as const;
const INTERACTIVE_MODES = ["Never", "IfAvailable", "Always"] as const;
type InteractiveMode = (typeof INTERACTIVE_MODES)[number];

/** The cluster as the plugin sees it (`spec.cluster`, only with `provideClusterInfo: true`). */
export interface ExecClusterInfo {
  server: string;
  "tls-server-name"?: string;
  "insecure-skip-tls-verify"?: boolean;
  /** Base64 of the PEM CA bundle (the wire format is a byte array). */
  "certificate-authority-data"?: string;
  "proxy-url"?: string;
  "disable-compression"?: boolean;
  /** The cluster's `client.authentication.k8s.io/exec` extension. */
  config?: unknown;
}

export interface ExecCredentialOptions {
  /** The exec stanza, `command` already resolved against the kubeconfig's directory when it is a path. */
  exec: KubeConfigExec;
  /** For error fields, e.g. `users[eks].exec.apiVersion`. */
  userName: string;
  /** The kubeconfig that defined the user, for error messages. */
  file?: string | undefined;
  /** Passed to the plugin when `provideClusterInfo` is set. */
  cluster?: ExecClusterInfo;
  /** Environment the plugin inherits (plus `exec.env`). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Whether a user is at a terminal to answer prompts. @default process.stdin.isTTY */
  interactive?: boolean;
  /** Where the plugin's stderr goes. @default the process's stderr */
  stderr?: Writable;
  /**
   * Run the plugin again this long (ms) before the credential's `expirationTimestamp`. client-go uses a
   * credential until the timestamp has passed (`credsExpired`: `now.After(exp)`), so a credential that
   * lives a few seconds is still reused; a request that arrives just after expiry gets a 401 and is
   * retried with a fresh credential.
   * @default 0
   */
  refreshMarginMs?: number;
}

// Shared by every user whose exec stanza (and cluster info) is identical, so one `aws eks get-token`
// serves all of them and at most one runs at a time.
const cache = new Map<string, CachedCredentialSource>();

/** Forgets every cached exec credential (tests, or after the user logged in again). */
export function clearExecCredentialCache(): void {
  cache.clear();
}

/**
 * A {@link CredentialSource} running an exec plugin. Credentials are cached until their
 * `expirationTimestamp` has passed (as client-go does) or until a 401 invalidates them; the cache is keyed by
 * the whole exec configuration, and concurrent `get()` calls share one invocation.
 * @throws {KubeConfigError} for an unsupported `apiVersion` or a missing/invalid `interactiveMode`.
 */
export function createExecCredentialSource(options: ExecCredentialOptions): CredentialSource {
  const { exec } = options;
  const field = (name: string): string => `users[${options.userName}].exec.${name}`;
  const where = { file: options.file };
  if (typeof exec.command !== "string" || exec.command === "") {
    throw new KubeConfigError("exec plugin has no command", { ...where, field: field("command") });
  }
  if (!(API_VERSIONS as readonly string[]).includes(exec.apiVersion)) {
    throw new KubeConfigError(`exec plugin apiVersion must be one of ${API_VERSIONS.join(", ")}`, {
      ...where,
      field: field("apiVersion"),
    });
  }
  let mode: InteractiveMode;
  if (exec.interactiveMode === undefined) {
    if (exec.apiVersion === "client.authentication.k8s.io/v1") {
      throw new KubeConfigError(
        "interactiveMode is required by client.authentication.k8s.io/v1 (Never, IfAvailable or Always)",
        {
          ...where,
          field: field("interactiveMode"),
        },
      );
    }
    mode = "IfAvailable";
  } else if ((INTERACTIVE_MODES as readonly string[]).includes(exec.interactiveMode)) {
    mode = exec.interactiveMode;
  } else {
    throw new KubeConfigError("interactiveMode must be Never, IfAvailable or Always", {
      ...where,
      field: field("interactiveMode"),
    });
  }

  const cluster = exec.provideClusterInfo === true ? options.cluster : undefined;
  const key = JSON.stringify({
    command: exec.command,
    args: exec.args ?? [],
    env: exec.env ?? [],
    apiVersion: exec.apiVersion,
    mode,
    cluster: cluster ?? null,
  });
  let source = cache.get(key);
  if (source === undefined) {
    source = new CachedCredentialSource({
      id: `exec:${digest(key)}`,
      refreshMarginMs: options.refreshMarginMs ?? 0,
      load: () => runPlugin(options, mode, cluster),
    });
    cache.set(key, source);
  }
  return source;
}

async function runPlugin(
  options: ExecCredentialOptions,
  mode: InteractiveMode,
  cluster: ExecClusterInfo | undefined,
): Promise<Omit<Credentials, "generation">> {
  // Loaded on first use: most commands never run a plugin, and child_process loads dgram and more (~1 ms).
  const { spawn } = await import("node:child_process");
  const { exec } = options;
  // `isTTY` is undefined, not false, when stdin is a pipe; the plugin must still read `interactive: false`.
  const tty = options.interactive ?? process.stdin.isTTY === true;
  if (mode === "Always" && !tty) {
    return Promise.reject(
      new AuthenticationError(
        `exec plugin ${exec.command} needs an interactive terminal (interactiveMode: Always), but standard input is not a terminal`,
      ),
    );
  }
  const interactive = mode !== "Never" && tty;
  const info = {
    apiVersion: exec.apiVersion,
    kind: "ExecCredential",
    spec: { interactive, cluster }, // JSON leaves out an undefined cluster
  };
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  // A nameless entry (`env: [null]`) would be a variable called "" (kubectl passes `=`); it is skipped.
  for (const { name, value } of exec.env ?? []) if (name) env[name] = value ?? "";
  env.KUBERNETES_EXEC_INFO = JSON.stringify(info);

  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(exec.command, exec.args ?? [], {
        env,
        stdio: [
          interactive ? "inherit" : "ignore",
          "pipe",
          options.stderr === undefined ? "inherit" : "pipe",
        ],
        windowsHide: true,
      });
    } catch (error) {
      // Some failures are thrown, not emitted: ENOTDIR (a path through a file) among them.
      reject(spawnError(exec, error as NodeJS.ErrnoException));
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
    if (options.stderr !== undefined) child.stderr?.pipe(options.stderr, { end: false });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(spawnError(exec, error));
    });
    child.on("close", (code, signal) => {
      if (code !== 0) {
        // stdout is deliberately not echoed: it may hold a partial credential.
        const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
        reject(new AuthenticationError(`exec plugin ${exec.command} ${how}`));
        return;
      }
      try {
        resolve(parseExecCredential(Buffer.concat(chunks).toString("utf8"), exec));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function spawnError(exec: KubeConfigExec, error: NodeJS.ErrnoException): AuthenticationError {
  if (error.code === "ENOENT") {
    const hint = exec.installHint?.trim();
    const message =
      `exec plugin: executable ${exec.command} not found` +
      (hint
        ? `\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\n${hint}`
        : "");
    return new AuthenticationError(message, {
      cause: error,
      suggestions: hint ? [hint] : [`install ${exec.command} or put it on your PATH`],
    });
  }
  if (error.code === "EACCES") {
    return new AuthenticationError(`exec plugin ${exec.command} is not executable`, { cause: error });
  }
  return new AuthenticationError(
    `exec plugin ${exec.command} could not be started (${error.code ?? error.message})`,
    { cause: error },
  );
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Validates a plugin's stdout. Error messages describe what is wrong, never what was printed.
 * @throws {AuthenticationError}
 */
export function parseExecCredential(
  stdout: string,
  exec: Pick<KubeConfigExec, "command" | "apiVersion">,
): Omit<Credentials, "generation"> {
  const fail = (why: string): AuthenticationError =>
    new AuthenticationError(`exec plugin ${exec.command} ${why}`);
  let output: unknown;
  try {
    output = JSON.parse(stdout);
  } catch {
    throw fail("did not print an ExecCredential as JSON");
  }
  if (typeof output !== "object" || output === null) throw fail("did not print an ExecCredential object");
  const { apiVersion, kind, status } = output as { apiVersion?: unknown; kind?: unknown; status?: unknown };
  if (apiVersion !== exec.apiVersion) {
    throw fail(`returned apiVersion ${JSON.stringify(apiVersion ?? null)}, expected ${exec.apiVersion}`);
  }
  if (kind !== "ExecCredential")
    throw fail(`returned kind ${JSON.stringify(kind ?? null)}, expected ExecCredential`);
  if (typeof status !== "object" || status === null) throw fail("returned an ExecCredential without status");
  const { token, clientCertificateData, clientKeyData, expirationTimestamp } = status as Record<
    string,
    unknown
  >;
  const credentials: Omit<Credentials, "generation"> = {};
  if (typeof token === "string" && token !== "") credentials.token = token;
  const hasCert = typeof clientCertificateData === "string" && clientCertificateData !== "";
  const hasKey = typeof clientKeyData === "string" && clientKeyData !== "";
  if (hasCert !== hasKey) throw fail("returned only one of clientCertificateData and clientKeyData");
  if (hasCert && hasKey) {
    credentials.clientCertificate = clientCertificateData;
    credentials.clientKey = clientKeyData;
  }
  if (credentials.token === undefined && credentials.clientCertificate === undefined) {
    throw fail("returned neither status.token nor status.clientCertificateData and status.clientKeyData");
  }
  if (expirationTimestamp !== undefined && expirationTimestamp !== null) {
    const at =
      typeof expirationTimestamp === "string" && RFC3339.test(expirationTimestamp)
        ? new Date(expirationTimestamp)
        : undefined;
    if (at === undefined || Number.isNaN(at.getTime()))
      throw fail("returned an expirationTimestamp that is not RFC 3339");
    credentials.expiresAt = at;
  }
  return credentials;
}
