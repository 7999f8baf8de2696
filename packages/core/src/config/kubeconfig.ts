/**
 * Reading and merging kubeconfig files with kubectl's semantics (client-go `clientcmd` loader):
 * the first file that defines a cluster/user/context name wins, `current-context` comes from the first
 * file that sets it, and relative paths resolve against the directory of the file they appear in.
 */
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { YAMLError, parse } from "yaml";
import type { DocumentOptions, ParseOptions, SchemaOptions, Tags } from "yaml";
import { KubeConfigError } from "../errors.ts";
import { isNotFound, readReferencedFile } from "./files.ts";
import { KUBECONFIG_SCHEMA, readShape } from "./schema.ts";

/** `extensions` entries of a kubeconfig object. */
export interface NamedExtension {
  name: string;
  extension: unknown;
}

/** `clusters[].cluster` — kubectl's field names. */
export interface KubeConfigCluster {
  server?: string;
  "certificate-authority"?: string;
  "certificate-authority-data"?: string;
  "insecure-skip-tls-verify"?: boolean;
  "tls-server-name"?: string;
  "proxy-url"?: string;
  "disable-compression"?: boolean;
  extensions?: NamedExtension[];
  [unknown: string]: unknown;
}

/** `users[].user.exec` — an exec credential plugin. */
export interface KubeConfigExec {
  command: string;
  args?: string[];
  /** An entry written `null` or without `value` reads as `""`, as in kubectl. */
  env?: { name: string; value?: string }[] | null;
  apiVersion: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: "Never" | "IfAvailable" | "Always";
  [unknown: string]: unknown;
}

/** `users[].user.auth-provider`. */
export interface KubeConfigAuthProvider {
  name: string;
  config?: Record<string, string>;
}

/** `users[].user` — kubectl's field names. */
export interface KubeConfigUser {
  "client-certificate"?: string;
  "client-certificate-data"?: string;
  "client-key"?: string;
  "client-key-data"?: string;
  token?: string;
  tokenFile?: string;
  as?: string;
  "as-uid"?: string;
  "as-groups"?: string[];
  "as-user-extra"?: Record<string, string[]>;
  username?: string;
  password?: string;
  "auth-provider"?: KubeConfigAuthProvider;
  exec?: KubeConfigExec;
  extensions?: NamedExtension[];
  [unknown: string]: unknown;
}

/** `contexts[].context`. */
export interface KubeConfigContext {
  cluster: string;
  user?: string;
  namespace?: string;
  extensions?: NamedExtension[];
  [unknown: string]: unknown;
}

/** A kubeconfig document as written on disk (`apiVersion: v1`, `kind: Config`). */
export interface KubeConfigObject {
  apiVersion?: string;
  kind?: string;
  preferences?: Record<string, unknown>;
  clusters?: { name: string; cluster: KubeConfigCluster }[] | null;
  users?: { name: string; user: KubeConfigUser }[] | null;
  contexts?: { name: string; context: KubeConfigContext }[] | null;
  "current-context"?: string;
  extensions?: NamedExtension[];
  [unknown: string]: unknown;
}

/** One named entry of the merged view, with the file it came from. */
export interface KubeConfigEntry<T> {
  readonly name: string;
  /** The entry, relative paths already made absolute against `file`'s directory. */
  readonly value: T;
  /**
   * The entry as the file writes it, relative paths as they are (what `config view` shows); undefined
   * for an entry made otherwise (command-line overrides).
   */
  readonly written?: T;
  /** The file that defined it; undefined for an in-memory kubeconfig object. */
  readonly file: string | undefined;
}

/** The merged view of one or more kubeconfig files. */
export interface KubeConfig {
  /** Files that were read, in precedence order (nonexistent `KUBECONFIG` entries are left out). */
  readonly files: readonly string[];
  readonly currentContext: string | undefined;
  /** The file `currentContext` was taken from. */
  readonly currentContextFile: string | undefined;
  readonly clusters: ReadonlyMap<string, KubeConfigEntry<KubeConfigCluster>>;
  readonly users: ReadonlyMap<string, KubeConfigEntry<KubeConfigUser>>;
  readonly contexts: ReadonlyMap<string, KubeConfigEntry<KubeConfigContext>>;
  readonly preferences: Record<string, unknown>;
}

/** Where a kubeconfig comes from: one file, a list of files (like `KUBECONFIG`), or a parsed object. */
export type KubeConfigSource = string | readonly string[] | KubeConfigObject;

export interface KubeConfigLocationOptions {
  /** Explicit kubeconfig path(s); otherwise `KUBECONFIG`, then `~/.kube/config`. */
  kubeconfig?: string | readonly string[];
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default os.homedir() */
  homeDir?: string;
}

/** The files kubectl would consult, in precedence order, and whether they were named explicitly. */
export interface KubeConfigLocations {
  files: string[];
  /** A single explicitly given path: it must exist, and every write goes to it. */
  explicit: boolean;
  /** Where the list came from, for messages. */
  origin: "explicit" | "KUBECONFIG" | "default";
}

/** The default kubeconfig path, `~/.kube/config`. */
export function defaultKubeConfigPath(options: { env?: NodeJS.ProcessEnv; homeDir?: string } = {}): string {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? env.HOME ?? env.USERPROFILE ?? homedir();
  return join(home, ".kube", "config");
}

/**
 * The kubeconfig files in kubectl's precedence order: an explicit path (or list), else the `KUBECONFIG`
 * list (split on `:` — `;` on Windows — empty entries and duplicates dropped), else `~/.kube/config`.
 */
export function kubeConfigLocations(options: KubeConfigLocationOptions = {}): KubeConfigLocations {
  const env = options.env ?? process.env;
  if (typeof options.kubeconfig === "string") {
    return { files: [resolve(options.kubeconfig)], explicit: true, origin: "explicit" };
  }
  if (options.kubeconfig !== undefined) {
    return { files: unique(options.kubeconfig.map((f) => resolve(f))), explicit: false, origin: "explicit" };
  }
  const list = (env.KUBECONFIG ?? "").split(delimiter).filter((entry) => entry !== "");
  if (list.length > 0)
    return { files: unique(list.map((f) => resolve(f))), explicit: false, origin: "KUBECONFIG" };
  return { files: [defaultKubeConfigPath(options)], explicit: false, origin: "default" };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * How kubectl's YAML library (go-yaml v2) reads a kubeconfig: YAML 1.1, so `yes` is true and `0755` is
 * octal, but without the 1.1 timestamps and sexagesimal numbers go-yaml leaves as text (`10:30`,
 * `2001-12-14` are strings to kubectl). Shared by the reader and the editor.
 */
export const KUBECONFIG_YAML_OPTIONS = {
  prettyErrors: false,
  version: "1.1",
  customTags: (tags: Tags) =>
    tags.filter((tag) => {
      const { tag: name, format } = tag as { tag: string; format?: string };
      return name !== "tag:yaml.org,2002:timestamp" && format !== "TIME";
    }),
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

/**
 * Parses the text of one kubeconfig file and checks its shape (see {@link validateKubeConfig}).
 * @throws {KubeConfigError} naming `file` for invalid YAML or a malformed document. Messages give the
 * line and column, or the field, never the offending text (it may hold a token).
 */
export function parseKubeConfig(text: string, file?: string): KubeConfigObject {
  const where = { file };
  let value: unknown;
  try {
    value = parse(text, KUBECONFIG_YAML_OPTIONS);
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    throw new KubeConfigError(describeYamlError(error, text), { ...where });
  }
  if (value === null || value === undefined) return {};
  return validateKubeConfig(value, file);
}

/**
 * "invalid YAML at line L, column C (CODE)": the position only. `yaml`'s pretty messages quote the
 * offending line, which may hold a token. `firstLine` is the line `text` starts at in its file.
 */
export function describeYamlError(error: YAMLError, text: string, firstLine = 1): string {
  const offset = error.pos[0];
  const before = text.slice(0, offset);
  const line = before.split("\n").length + firstLine - 1;
  const column = offset - before.lastIndexOf("\n");
  return `invalid YAML at line ${line}, column ${column} (${error.code})`;
}

/**
 * Reads an already parsed value as kubectl reads a kubeconfig (client-go `clientcmd/api/v1`): `null`
 * means unset, `!!binary` values are the text they encode, every field kubectl knows must have its type,
 * a list may not define a name twice, and `kind`/`apiVersion`, when set, are `Config`/`v1`. Returns a
 * normalised copy; fields kubectl does not know are kept.
 * @throws {KubeConfigError} naming the file and field (`users[u].exec.args`), never the value.
 */
export function validateKubeConfig(value: unknown, file?: string): KubeConfigObject {
  const where = { file };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new KubeConfigError("a kubeconfig must be a YAML mapping", { ...where });
  }
  const config = readShape(value, KUBECONFIG_SCHEMA, file) as KubeConfigObject;
  for (const [field, expected] of [
    ["kind", "Config"],
    ["apiVersion", "v1"],
  ] as const) {
    const actual = config[field];
    if (actual !== undefined && actual !== "" && actual !== expected) {
      throw new KubeConfigError(`a kubeconfig's ${field} must be ${expected}`, { ...where, field });
    }
  }
  return config;
}

/**
 * Reads and parses one kubeconfig file.
 * @throws {KubeConfigError} naming the file when it is missing, unreadable or invalid.
 */
export async function readKubeConfigFile(file: string): Promise<KubeConfigObject> {
  return parseKubeConfig(await readReferencedFile(file, undefined, "kubeconfig"), file);
}

/**
 * Merges parsed kubeconfigs given in precedence order: the first that defines a name wins, and
 * `current-context` comes from the first that sets it. Relative paths are resolved against each
 * document's own directory (or the working directory for an in-memory object).
 */
export function mergeKubeConfigs(
  documents: readonly { config: KubeConfigObject; file?: string }[],
): KubeConfig {
  const clusters = new Map<string, KubeConfigEntry<KubeConfigCluster>>();
  const users = new Map<string, KubeConfigEntry<KubeConfigUser>>();
  const contexts = new Map<string, KubeConfigEntry<KubeConfigContext>>();
  let currentContext: string | undefined;
  let currentContextFile: string | undefined;
  let preferences: Record<string, unknown> | undefined;
  const files: string[] = [];
  for (const { config, file } of documents) {
    if (file !== undefined) files.push(file);
    const base = file === undefined ? process.cwd() : dirname(file);
    for (const { name, cluster } of config.clusters ?? []) {
      if (!clusters.has(name))
        clusters.set(name, {
          name,
          file,
          value: resolveClusterPaths(cluster ?? {}, base),
          written: cluster ?? {},
        });
    }
    for (const { name, user } of config.users ?? []) {
      if (!users.has(name))
        users.set(name, { name, file, value: resolveUserPaths(user ?? {}, base), written: user ?? {} });
    }
    for (const { name, context } of config.contexts ?? []) {
      if (!contexts.has(name)) contexts.set(name, { name, file, value: context ?? { cluster: "" } });
    }
    const current = config["current-context"];
    if (currentContext === undefined && typeof current === "string" && current !== "") {
      currentContext = current;
      currentContextFile = file;
    }
    preferences ??=
      isRecord(config.preferences) && Object.keys(config.preferences).length > 0
        ? config.preferences
        : undefined;
  }
  return {
    files,
    currentContext,
    currentContextFile,
    clusters,
    users,
    contexts,
    preferences: preferences ?? {},
  };
}

/**
 * Loads a kubeconfig like kubectl: from a parsed object, an explicit path (which must exist), a list of
 * paths, or — when `source` is undefined — `KUBECONFIG` or `~/.kube/config`. Files in a list that do not
 * exist are skipped, as kubectl does.
 * @throws {KubeConfigError} naming the file that is missing (explicit path only), unreadable or invalid.
 */
export async function loadKubeConfig(
  source?: KubeConfigSource,
  options: { env?: NodeJS.ProcessEnv; homeDir?: string } = {},
): Promise<KubeConfig> {
  if (source !== undefined && typeof source !== "string" && !isPathList(source)) {
    return mergeKubeConfigs([{ config: validateKubeConfig(source) }]);
  }
  const locations = kubeConfigLocations({
    ...options,
    ...(source === undefined ? {} : { kubeconfig: source }),
  });
  const documents: { config: KubeConfigObject; file: string }[] = [];
  for (const file of locations.files) {
    try {
      documents.push({ config: await readKubeConfigFile(file), file });
    } catch (error) {
      const missing = error instanceof KubeConfigError && isNotFound(error.cause);
      if (!missing || locations.explicit) throw error;
    }
  }
  return mergeKubeConfigs(documents);
}

/** Whether a merged kubeconfig defines nothing (client-go falls back to in-cluster then). */
export function isEmptyKubeConfig(config: KubeConfig): boolean {
  return (
    config.clusters.size === 0 &&
    config.users.size === 0 &&
    config.contexts.size === 0 &&
    !config.currentContext
  );
}

function isPathList(value: KubeConfigSource): value is readonly string[] {
  return Array.isArray(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolvePath(base: string, path: string | undefined): string | undefined {
  if (path === undefined || path === "" || isAbsolute(path)) return path;
  return resolve(base, path);
}

function resolveClusterPaths(cluster: KubeConfigCluster, base: string): KubeConfigCluster {
  const ca = resolvePath(base, cluster["certificate-authority"]);
  return ca === undefined ? { ...cluster } : { ...cluster, "certificate-authority": ca };
}

function resolveUserPaths(user: KubeConfigUser, base: string): KubeConfigUser {
  const resolved: KubeConfigUser = { ...user };
  for (const field of ["client-certificate", "client-key", "tokenFile"] as const) {
    const path = resolvePath(base, user[field]);
    if (path !== undefined) resolved[field] = path;
  }
  if (user.exec && typeof user.exec.command === "string") {
    // Bare names are looked up on PATH; only a command with a separator is a path relative to the file.
    const command = user.exec.command;
    const hasSeparator = command.includes("/") || command.includes(sep);
    resolved.exec = {
      ...user.exec,
      command: hasSeparator ? (resolvePath(base, command) ?? command) : command,
    };
  }
  return resolved;
}
