/**
 * The kubeconfig editing API behind `kr8s config …`. Reads see the merged view; writes follow kubectl:
 * an existing entry is changed in the file that defines it, a new entry and `current-context` go to the
 * explicit file or the first existing file of the `KUBECONFIG` list (the last listed if none exists).
 * Files are edited in place (comments and unknown fields survive) and written atomically.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { KubeConfigError } from "../errors.ts";
import { KubeConfigDocument, type KubeConfigList } from "./document.ts";
import { exists, fileError, isNotFound } from "./files.ts";
import { goBase64ErrorOffset } from "./go-base64.ts";
import { asClientGoWrites, ENTRY_SHAPES } from "./schema.ts";
import {
  kubeConfigLocations,
  loadKubeConfig,
  mergeKubeConfigs,
  type KubeConfig,
  type KubeConfigCluster,
  type KubeConfigContext,
  type KubeConfigExec,
  type KubeConfigLocations,
  type KubeConfigObject,
  type KubeConfigUser,
} from "./kubeconfig.ts";
import {
  parseGoBoolValue,
  setPropertyTarget,
  unsetPropertyTarget,
  type PropertyType,
} from "./property-path.ts";

/** Which kubeconfig files a {@link KubeConfigEditor} reads and writes (kubectl's rules by default). */
export interface KubeConfigEditorOptions {
  /** An explicit kubeconfig (`--kubeconfig`): read from and written to exclusively. */
  kubeconfig?: string | readonly string[];
  /** Where `KUBECONFIG` and `HOME` are read from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Home directory for `~/.kube/config`. @default $HOME / os.homedir() */
  homeDir?: string;
}

/** Options of {@link KubeConfigEditor.view} (kubectl `config view` flags). */
export interface ViewOptions {
  /** Show secrets instead of `DATA+OMITTED` / `REDACTED` (kubectl `--raw`). @default false */
  raw?: boolean;
  /** Only the current (or `context`) context with its cluster and user (kubectl `--minify`). @default false */
  minify?: boolean;
  /**
   * Embed referenced certificate files as `*-data` (kubectl `--flatten`). Like kubectl, this shows secrets
   * too: the output is meant to be a working, self-contained kubeconfig. @default false
   */
  flatten?: boolean;
  /** The context `minify` keeps. @default the current context */
  context?: string;
}

/** A row of `config get-contexts`. */
export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace: string | undefined;
  current: boolean;
}

/** Fields to set; `null` removes a field, `undefined` leaves it alone. */
export type FieldUpdate<T> = { [K in keyof T]?: T[K] | null };

/** The kubeconfig settings `config set-cluster` can change. */
export type ClusterUpdate = FieldUpdate<
  Pick<
    KubeConfigCluster,
    | "server"
    | "certificate-authority"
    | "certificate-authority-data"
    | "insecure-skip-tls-verify"
    | "tls-server-name"
    | "proxy-url"
    | "disable-compression"
  >
>;
/**
 * The kubeconfig settings `config set-credentials` can change. An exec plugin may be written without an
 * `apiVersion`, as kubectl writes one created by `--exec-command` alone (client-go refuses to run it until
 * one is set).
 */
export type UserUpdate = { exec?: ExecUpdate | null } & FieldUpdate<
  Pick<
    KubeConfigUser,
    | "client-certificate"
    | "client-certificate-data"
    | "client-key"
    | "client-key-data"
    | "token"
    | "tokenFile"
    | "username"
    | "password"
    | "as"
    | "as-uid"
    | "as-groups"
    | "as-user-extra"
    | "auth-provider"
  >
>;
/** An exec plugin as {@link UserUpdate} writes it. */
export type ExecUpdate = Pick<
  KubeConfigExec,
  "command" | "args" | "env" | "installHint" | "provideClusterInfo" | "interactiveMode"
> & { apiVersion?: string; [unknown: string]: unknown };
/** The kubeconfig settings `config set-context` can change. */
export type ContextUpdate = FieldUpdate<Pick<KubeConfigContext, "cluster" | "user" | "namespace">>;

/** What `view` shows instead of certificate and key data (kubectl's placeholder). */
export const DATA_OMITTED = "DATA+OMITTED";
/** What `view` shows instead of tokens, passwords and OIDC secrets (kubectl's placeholder). */
export const REDACTED = "REDACTED";

/** Reads and edits kubeconfig files the way `kubectl config` does. */
export class KubeConfigEditor {
  readonly #options: KubeConfigEditorOptions;

  constructor(options: KubeConfigEditorOptions = {}) {
    this.#options = options;
  }

  /** The files consulted, in precedence order. */
  locations(): KubeConfigLocations {
    return kubeConfigLocations(this.#options);
  }

  /** The merged configuration (nonexistent files skipped; an explicit single file must exist). */
  async load(): Promise<KubeConfig> {
    const { kubeconfig, env, homeDir } = this.#options;
    return loadKubeConfig(kubeconfig, {
      ...(env === undefined ? {} : { env }),
      ...(homeDir === undefined ? {} : { homeDir }),
    });
  }

  /**
   * Like {@link load}, but a file that does not exist yet reads as empty, as in kubectl's `config`
   * commands: writing creates it.
   */
  async loadForEdit(): Promise<KubeConfig> {
    try {
      return await this.load();
    } catch (error) {
      if (error instanceof KubeConfigError && isNotFound(error.cause)) return mergeKubeConfigs([]);
      throw error;
    }
  }

  /**
   * The merged kubeconfig as one document (kubectl `config view`): secrets are shown as
   * `DATA+OMITTED` / `REDACTED` unless `raw` or `flatten`. Unlike kubectl v1.32, the OIDC auth-provider's
   * tokens and client secret are redacted too. A file that does not exist views as an empty Config, even
   * an explicit `kubeconfig`, as in kubectl (see {@link loadForEdit}).
   * @throws {KubeConfigError} when a file cannot be read or parsed, or `minify` finds no context (or the
   *   context's cluster or user is missing: `cannot locate cluster X`, as kubectl).
   */
  async view(viewOptions: ViewOptions = {}): Promise<KubeConfigObject> {
    // kubectl: `--flatten` implies `--raw`.
    const options = viewOptions.flatten ? { ...viewOptions, raw: true } : viewOptions;
    const config = await this.loadForEdit();
    let contexts = [...config.contexts.values()];
    let clusters = [...config.clusters.values()];
    let users = [...config.users.values()];
    let current = config.currentContext;
    if (options.minify) {
      const name = options.context ?? config.currentContext;
      const context = name === undefined ? undefined : config.contexts.get(name);
      if (context === undefined || name === undefined) {
        throw new KubeConfigError(
          // kubectl's words (`config view --minify`).
          name === undefined
            ? "current-context must exist in order to minify"
            : `cannot locate context ${name}`,
          {
            suggestions: [`available contexts: ${[...config.contexts.keys()].join(", ") || "none"}`],
          },
        );
      }
      // client-go's MinifyConfig: a context naming a cluster or user that is not there cannot be minified.
      const { cluster, user } = context.value;
      if (cluster && !config.clusters.has(cluster))
        throw new KubeConfigError(`cannot locate cluster ${cluster}`);
      if (user && !config.users.has(user)) throw new KubeConfigError(`cannot locate user ${user}`);
      contexts = [context];
      clusters = clusters.filter((c) => c.name === cluster);
      users = users.filter((u) => u.name === user);
      current = name;
    }
    // Paths as the files write them, as kubectl shows them; --flatten embeds the files they name, users'
    // first (client-go's FlattenConfig: the first file it cannot embed is the error).
    const viewedUsers = await Promise.all(
      users.sort(byName).map(async ({ name, value, written }) => ({
        name,
        user: await viewUser(written ?? value, value, options),
      })),
    );
    const viewedClusters = await Promise.all(
      clusters.sort(byName).map(async ({ name, value, written }) => ({
        name,
        cluster: await viewCluster(written ?? value, value, options),
      })),
    );
    const out: KubeConfigObject = {
      apiVersion: "v1",
      kind: "Config",
      preferences: asClientGoWrites(config.preferences, ENTRY_SHAPES.preferences) as Record<string, unknown>,
      clusters: viewedClusters,
      users: viewedUsers,
      // kubectl prints `cluster` and `user` even when empty (client-go's Context has no omitempty on them).
      contexts: contexts.sort(byName).map(({ name, value }) => ({
        name,
        context: asClientGoWrites(
          { ...value, cluster: value.cluster ?? "", user: value.user ?? "" },
          ENTRY_SHAPES.context,
        ) as KubeConfigContext,
      })),
      "current-context": current ?? "",
    };
    return out;
  }

  /** The `current-context`, if set. */
  async currentContext(): Promise<string | undefined> {
    return (await this.loadForEdit()).currentContext;
  }

  /** Every context, sorted by name, with the current one marked (`config get-contexts`). */
  async contexts(): Promise<ContextSummary[]> {
    const config = await this.loadForEdit();
    return [...config.contexts.values()]
      .map(({ name, value }) => ({
        name,
        // A context without a cluster (or user) is listed with an empty one, as kubectl lists it.
        cluster: value.cluster ?? "",
        user: value.user ?? "",
        namespace: value.namespace,
        current: name === config.currentContext,
      }))
      .sort(byName);
  }

  /**
   * Makes `name` the current context.
   * @throws {KubeConfigError} when no such context exists (with the available ones as suggestions).
   */
  async useContext(name: string): Promise<void> {
    const config = await this.loadForEdit();
    requireEntry(config, "contexts", name);
    await this.#writeCurrentContext(config, name);
  }

  /**
   * Renames a context in the file that defines it; `current-context` follows when it pointed at it.
   * @throws {KubeConfigError} when `from` does not exist or `to` already does.
   */
  async renameContext(from: string, to: string): Promise<void> {
    const config = await this.loadForEdit();
    const entry = requireEntry(config, "contexts", from);
    if (config.contexts.has(to)) throw new KubeConfigError(`context "${to}" already exists`);
    const document = await KubeConfigDocument.open(this.#fileFor(entry.file));
    document.rename("contexts", from, to);
    await document.save();
    if (config.currentContext === from) await this.#writeCurrentContext(config, to);
  }

  /**
   * Deletes a context from the file that defines it. `current-context` is left as is (like kubectl);
   * `wasCurrent` tells the caller to warn.
   */
  async deleteContext(name: string): Promise<{ wasCurrent: boolean }> {
    const config = await this.loadForEdit();
    await this.#delete(config, "contexts", name);
    return { wasCurrent: config.currentContext === name };
  }

  /** Deletes a cluster from the file that defines it. */
  async deleteCluster(name: string): Promise<void> {
    await this.#delete(await this.loadForEdit(), "clusters", name);
  }

  /** Deletes a user from the file that defines it. */
  async deleteUser(name: string): Promise<void> {
    await this.#delete(await this.loadForEdit(), "users", name);
  }

  /**
   * Sets the namespace of the current context (`config set-context --current --namespace`).
   * @throws {KubeConfigError} when no current context is set or it does not exist.
   */
  async setNamespace(namespace: string): Promise<void> {
    const config = await this.loadForEdit();
    const current = config.currentContext;
    if (current === undefined) {
      throw new KubeConfigError("current-context is not set", {
        suggestions: ["choose one with `kr8s config use-context <name>`"],
      });
    }
    const entry = requireEntry(config, "contexts", current);
    await this.#set(entry.file, "contexts", current, { namespace });
  }

  /** Creates or updates a context. */
  async setContext(name: string, fields: ContextUpdate): Promise<void> {
    const config = await this.loadForEdit();
    await this.#set(config.contexts.get(name)?.file, "contexts", name, fields);
  }

  /**
   * Creates or updates a cluster; a CA file clears the CA data and vice versa, as kubectl does. A CA path
   * (relative to the working directory) is written relative to the kubeconfig's folder when it lies inside
   * it, else absolute ({@link pathInFile}).
   */
  async setCluster(name: string, fields: ClusterUpdate): Promise<void> {
    const config = await this.loadForEdit();
    const file = config.clusters.get(name)?.file ?? (await this.defaultFile());
    const update: Record<string, unknown> = { ...fields };
    if (fields["certificate-authority"]) {
      update["certificate-authority"] = pathInFile(fields["certificate-authority"], file, process.cwd());
      update["certificate-authority-data"] ??= null;
    }
    if (fields["certificate-authority-data"]) update["certificate-authority"] ??= null;
    await this.#set(file, "clusters", name, update);
  }

  /**
   * Creates or updates a user; a certificate/key file clears its `-data` twin and vice versa. Paths to
   * files (relative to the working directory) are written relative to the kubeconfig's folder when they lie
   * inside it, else absolute; so is an exec command that names a path (relative to the kubeconfig's folder,
   * where client-go looks for it), as kubectl writes them ({@link pathInFile}).
   */
  async setCredentials(name: string, fields: UserUpdate): Promise<void> {
    const config = await this.loadForEdit();
    const file = config.users.get(name)?.file ?? (await this.defaultFile());
    const update: Record<string, unknown> = { ...fields };
    for (const base of ["client-certificate", "client-key"] as const) {
      const path = fields[base];
      if (path) {
        update[base] = pathInFile(path, file, process.cwd());
        update[`${base}-data`] ??= null;
      }
      if (fields[`${base}-data`]) update[base] ??= null;
    }
    if (fields.tokenFile) update.tokenFile = pathInFile(fields.tokenFile, file, process.cwd());
    const command = fields.exec?.command;
    if (fields.exec && command && (command.includes("/") || command.includes(sep)))
      update.exec = { ...fields.exec, command: pathInFile(command, file, dirname(file)) };
    await this.#set(file, "users", name, update);
  }

  /**
   * Removes a property named by kubectl's dotted path (`config unset`): `current-context` (in the first
   * file that sets it), `preferences[.field]`, a whole list (`users`), one entry (`contexts.dev`; nothing
   * happens when it is missing, as in kubectl) or a field of one (`contexts.dev.namespace`,
   * `users.me.exec`). A name runs up to the first word that names a field (`users.a.b.token` is user
   * `a.b`). A user's impersonation fields are named `act-as`, `act-as-uid`… as in kubectl (`as`, `as-uid` in
   * the file); `kind` and `apiVersion` are accepted and change nothing, as in kubectl. Each change is made in
   * the file that defines the entry; preferences in the first listed file whose own differ (created if
   * missing), as client-go's `writePreferences`.
   * @throws {KubeConfigError} kubectl's words: `you must specify a property` for `""`,
   *   `current map key \`x\` is invalid` for a field of an entry that does not exist, `unable to parse x
   *   after [] at api.Config` for a path that names nothing in a kubeconfig, `unable to parse one or more
   *   field values of P` for a path that goes on past a field (`users.me.exec.command`).
   */
  async unset(property: string): Promise<void> {
    const target = unsetPropertyTarget(property);
    const config = await this.loadForEdit();
    switch (target.kind) {
      case "ignored":
        return;
      case "current-context":
        await this.#clearCurrentContext(config);
        return;
      case "preferences": {
        const { field } = target;
        const next = field === undefined ? {} : withoutKey(config.preferences, field);
        await this.#writePreferences(config, next, (document) =>
          document.unsetPreference(field === undefined ? [] : [field]),
        );
        return;
      }
      case "list":
        for (const name of config[target.list].keys()) await this.#delete(config, target.list, name);
        return;
      case "entry": {
        const { list, name, field } = target;
        const entry = config[list].get(name);
        if (field === undefined) {
          if (entry !== undefined) await this.#delete(config, list, name);
          return;
        }
        if (entry === undefined) throw new KubeConfigError(`current map key \`${name}\` is invalid`);
        const document = await KubeConfigDocument.open(this.#fileFor(entry.file));
        document.set(list, name, [{ path: [field], value: undefined }]);
        await document.save();
      }
    }
  }

  /**
   * Sets a property named by kubectl's dotted path (`config set`): `current-context`, `preferences.colors`,
   * or a field of a cluster, user or context (`clusters.dev.server`, `users.me.token`,
   * `contexts.dev.namespace`), creating the entry when it does not exist. The name runs up to the first
   * word that names a field, so it may contain dots (`clusters.a.b.server`); a user's impersonation fields
   * are `act-as` and `act-as-uid`, as in kubectl (written `as` and `as-uid`). Booleans are read as Go
   * reads them (`true`, `1`, `F`…); `*-data` fields take base64 unless `rawBytes` (the value's own bytes
   * are stored). Each change is made in the file that defines the entry.
   * (kubectl `pkg/cmd/config/set.go`.)
   * @throws {KubeConfigError} kubectl's words: `you cannot use set to unset a property` for an empty
   *   value, `unable to parse bogus after [] at api.Config`, `can't set a map to a value: map[…]`,
   *   `strconv.ParseBool: parsing "maybe": invalid syntax`,
   *   `error decoding input value: illegal base64 data at input byte 4`.
   */
  async set(property: string, value: string, options: { rawBytes?: boolean } = {}): Promise<void> {
    if (value === "") throw new KubeConfigError("you cannot use set to unset a property");
    if (property === "") throw new KubeConfigError("you must specify a property");
    const config = await this.loadForEdit();
    const target = setPropertyTarget(property, (list) => [...config[list].keys()]);
    switch (target.kind) {
      case "ignored":
        return;
      case "current-context":
        await this.#writeCurrentContext(config, value);
        return;
      case "preference": {
        const parsed = parsePropertyValue(value, target.type, options);
        await this.#writePreferences(config, { ...config.preferences, [target.field]: parsed }, (document) =>
          document.setPreference(target.field, parsed),
        );
        return;
      }
      case "entry":
        await this.#set(config[target.list].get(target.name)?.file, target.list, target.name, {
          [target.field]: parsePropertyValue(value, target.type, options),
        });
    }
  }

  async #set(
    file: string | undefined,
    list: KubeConfigList,
    name: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const document = await KubeConfigDocument.open(file ?? (await this.defaultFile()));
    const changes = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ({ path: [key], value: value === null ? undefined : value }));
    document.set(list, name, changes);
    await document.save();
  }

  async #delete(config: KubeConfig, list: KubeConfigList, name: string): Promise<void> {
    const entry = requireEntry(config, list, name);
    const document = await KubeConfigDocument.open(this.#fileFor(entry.file));
    document.delete(list, name);
    await document.save();
  }

  /**
   * Writes `current-context` as client-go's `writeCurrentContext` does: to the file new entries go to
   * ({@link defaultFile}), and nothing at all when it is already `name`.
   */
  async #writeCurrentContext(config: KubeConfig, name: string): Promise<void> {
    if (config.currentContext === name) return;
    const document = await KubeConfigDocument.open(await this.defaultFile());
    document.currentContext = name;
    await document.save();
  }

  /** Clears `current-context` where it is set: the explicit file, else the first file that sets it. */
  async #clearCurrentContext(config: KubeConfig): Promise<void> {
    if (config.currentContext === undefined) return;
    const locations = this.locations();
    const file = locations.explicit ? locations.files[0] : config.currentContextFile;
    const document = await KubeConfigDocument.open(file ?? (await this.defaultFile()));
    document.currentContext = undefined;
    await document.save();
  }

  /**
   * Changes the preferences as client-go's `writePreferences` does: nothing when the merged preferences
   * are already `next`; else in the explicit file, or the first listed file whose own preferences are not
   * `next` (a file that does not exist is created).
   */
  async #writePreferences(
    config: KubeConfig,
    next: Record<string, unknown>,
    change: (document: KubeConfigDocument) => void,
  ): Promise<void> {
    if (samePreferences(config.preferences, next)) return;
    const { files, explicit } = this.locations();
    for (const file of explicit ? files.slice(0, 1) : files) {
      const document = await KubeConfigDocument.open(file);
      if (!explicit && samePreferences(document.preferences, next)) continue;
      change(document);
      await document.save();
      return;
    }
  }

  /**
   * The file new entries and `current-context` are written to (client-go's `GetDefaultFilename`): the
   * explicit file; else the only `KUBECONFIG` file, the first of them that exists, or the last listed when
   * none exists; else `~/.kube/config`.
   * @throws {KubeConfigError} when no file is configured at all.
   */
  async defaultFile(): Promise<string> {
    const { files, explicit } = this.locations();
    if (!explicit) {
      for (const file of files) if (await exists(file)) return file;
    }
    const chosen = explicit ? files[0] : files.at(-1);
    if (chosen === undefined) throw new KubeConfigError("no kubeconfig file to write to");
    return chosen;
  }

  #fileFor(file: string | undefined): string {
    if (file === undefined)
      throw new KubeConfigError("this kubeconfig was given as an object and has no file to write to");
    return file;
  }
}

/** Creates a {@link KubeConfigEditor}. */
export function createKubeConfigEditor(options: KubeConfigEditorOptions = {}): KubeConfigEditor {
  return new KubeConfigEditor(options);
}

/**
 * A `config set` value as kubectl parses it for the field's type; bytes are returned as the base64 text
 * the file holds.
 */
function parsePropertyValue(
  value: string,
  type: PropertyType,
  options: { rawBytes?: boolean },
): string | boolean {
  if (type === "string") return value;
  if (type === "bool") return parseGoBoolValue(value);
  if (options.rawBytes) return Buffer.from(value, "utf8").toString("base64");
  const offset = goBase64ErrorOffset(value);
  if (offset !== undefined)
    throw new KubeConfigError(`error decoding input value: illegal base64 data at input byte ${offset}`);
  return Buffer.from(value, "base64").toString("base64");
}

/** Plain code-unit order, as kubectl sorts names (not `localeCompare`, which depends on the locale). */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function requireEntry<L extends KubeConfigList>(
  config: KubeConfig,
  list: L,
  name: string,
): { file: string | undefined } {
  const entry = config[list].get(name);
  if (entry === undefined) {
    const singular = { clusters: "cluster", users: "user", contexts: "context" }[list];
    throw new KubeConfigError(`no ${singular} exists with the name: "${name}"`, {
      suggestions: [`available ${list}: ${[...config[list].keys()].join(", ") || "none"}`],
    });
  }
  return entry;
}

/**
 * A referenced file's content as `*-data` (base64), for `view --flatten` (client-go's FlattenContent).
 * @throws {KubeConfigError} naming the field when the file cannot be read; kubectl's `cannot have values for
 *   both path and contents` when the entry has `data` too.
 */
async function embed(path: string | undefined, field: string, data?: string): Promise<string | undefined> {
  if (!path) return undefined;
  if (data)
    throw new KubeConfigError("cannot have values for both path and contents", {
      suggestions: [`${field} and ${field}-data are both set: keep one of them`],
    });
  try {
    return (await readFile(path)).toString("base64"); // bytes, not text: a CA file may be DER
  } catch (error) {
    throw fileError(path, error, field, { field });
  }
}

/** A cluster as `config view` shows it: `written` as the file has it, `resolved` its absolute paths. */
async function viewCluster(
  written: KubeConfigCluster,
  resolved: KubeConfigCluster,
  options: ViewOptions,
): Promise<KubeConfigCluster> {
  // As client-go writes it: its own fields, the empty ones left out.
  const out = asClientGoWrites(written, ENTRY_SHAPES.cluster) as KubeConfigCluster;
  const ca = resolved["certificate-authority"];
  if (options.flatten && ca) {
    out["certificate-authority-data"] =
      (await embed(ca, "certificate-authority", written["certificate-authority-data"])) ?? "";
    delete out["certificate-authority"];
  }
  if (!options.raw && out["certificate-authority-data"]) out["certificate-authority-data"] = DATA_OMITTED;
  return out;
}

const SECRET_PROVIDER_KEYS = ["id-token", "refresh-token", "client-secret", "access-token"];

/** A user as `config view` shows it: `written` as the file has it, `resolved` its absolute paths. */
async function viewUser(
  written: KubeConfigUser,
  resolved: KubeConfigUser,
  options: ViewOptions,
): Promise<KubeConfigUser> {
  const out = asClientGoWrites(written, ENTRY_SHAPES.user) as KubeConfigUser;
  if (options.flatten) {
    for (const base of ["client-certificate", "client-key"] as const) {
      const path = resolved[base];
      if (path) {
        out[`${base}-data`] = (await embed(path, base, written[`${base}-data`])) ?? "";
        delete out[base];
      }
    }
  }
  if (options.raw) return out;
  if (out["client-certificate-data"]) out["client-certificate-data"] = DATA_OMITTED;
  if (out["client-key-data"]) out["client-key-data"] = DATA_OMITTED;
  if (out.token) out.token = REDACTED;
  if (out.password) out.password = REDACTED;
  const provider = out["auth-provider"];
  if (provider?.config) {
    const config = { ...provider.config };
    for (const key of SECRET_PROVIDER_KEYS) if (config[key]) config[key] = REDACTED;
    out["auth-provider"] = { ...provider, config };
  }
  return out;
}

/** Whether two preferences mean the same to client-go (`colors: false` is Go's zero value, as absent). */
function samePreferences(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const meaning = (p: Record<string, unknown>): string =>
    JSON.stringify([p.colors === true, Array.isArray(p.extensions) ? p.extensions : []]);
  return meaning(a) === meaning(b);
}

/** `record` without `key`. */
function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/**
 * A path as client-go's `ModifyConfig(…, relativizePaths=true)` writes it into `file`: made absolute against
 * `base`, then relative to the file's folder unless that needs a `../` (`RelativizePathWithNoBacksteps`):
 * `/home/me/.kube/certs/ca.crt` in `/home/me/.kube/config` is written `certs/ca.crt`, `/etc/ca.crt` stays.
 * Read back, client-go resolves a relative path against the file's folder: the same file either way.
 */
function pathInFile(path: string, file: string, base: string): string {
  const absolute = resolve(base, path);
  const inFolder = relative(dirname(file), absolute);
  // Go's filepath.Rel names the folder itself ".", Node's path.relative "".
  if (inFolder === "") return ".";
  return inFolder.startsWith(`..${sep}`) || isAbsolute(inFolder) ? absolute : inFolder;
}
