/**
 * Edits one kubeconfig file in place through `yaml`'s Document API, so comments, key order and fields
 * kr8s does not know survive; saved atomically with the file's mode kept.
 */
import { readFile } from "node:fs/promises";
import type { Document, YAMLMap, YAMLSeq } from "yaml";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { KubeConfigError } from "../errors.ts";
import { fileError, isNotFound, writeFileAtomic } from "./files.ts";
import { describeYamlError, KUBECONFIG_YAML_OPTIONS } from "./kubeconfig.ts";

/** The three named lists of a kubeconfig and the key of each entry's body. */
export type KubeConfigList = "clusters" | "users" | "contexts";
const INNER = { clusters: "cluster", users: "user", contexts: "context" } as const;

/** One kubeconfig file opened for editing. */
export class KubeConfigDocument {
  readonly file: string;
  readonly #doc: Document;
  #dirty = false;

  private constructor(file: string, doc: Document) {
    this.file = file;
    this.#doc = doc;
  }

  /**
   * Opens `file`; a file that does not exist yet starts as an empty `kind: Config`.
   * @throws {KubeConfigError} naming the file when it is not valid YAML.
   */
  static async open(file: string): Promise<KubeConfigDocument> {
    let text: string | undefined;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (!isNotFound(error)) throw fileError(file, error, "kubeconfig");
    }
    // As kubectl reads it: new values such as a context named `y` or `on` are then written quoted.
    const doc = parseDocument(text ?? "", KUBECONFIG_YAML_OPTIONS);
    const [first] = doc.errors;
    if (first) {
      throw new KubeConfigError(describeYamlError(first, text ?? ""), { file });
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
      doc.contents = doc.createNode({
        apiVersion: "v1",
        kind: "Config",
        preferences: {},
        clusters: [],
        users: [],
        contexts: [],
        "current-context": "",
      }) as unknown as typeof doc.contents;
    } else if (!isMap(doc.contents)) {
      throw new KubeConfigError("a kubeconfig must be a YAML mapping", { file });
    }
    return new KubeConfigDocument(file, doc);
  }

  /** Whether the file defines an entry called `name` in `list`. */
  has(list: KubeConfigList, name: string): boolean {
    return this.#find(list, name) !== undefined;
  }

  /** The entry's body as plain data, or undefined. */
  get(list: KubeConfigList, name: string): Record<string, unknown> | undefined {
    const entry = this.#find(list, name);
    const body = entry?.get(INNER[list], true);
    return isMap(body) ? (body.toJSON() as Record<string, unknown>) : entry === undefined ? undefined : {};
  }

  /**
   * Sets fields of an entry, creating it at the end of the list when missing. A field given as
   * `undefined` is removed; nested paths are written with `path` arrays (e.g. `["auth-provider", "config", "id-token"]`).
   */
  set(
    list: KubeConfigList,
    name: string,
    fields: readonly { path: readonly string[]; value: unknown }[],
  ): void {
    let entry = this.#find(list, name);
    if (entry === undefined) {
      entry = this.#doc.createNode({ name, [INNER[list]]: {} });
      const seq = this.#list(list, true);
      // `contexts: []` is a flow sequence; entries added to it read better in block style.
      if (seq !== undefined && seq.items.length === 0) seq.flow = false;
      seq?.add(entry);
    }
    const existing: unknown = entry.get(INNER[list], true);
    let map: YAMLMap;
    if (isMap(existing)) {
      map = existing;
    } else {
      map = this.#doc.createNode({});
      entry.set(INNER[list], map);
    }
    for (const { path, value } of fields) {
      if (value === undefined) map.deleteIn(path);
      else map.setIn(path, this.#doc.createNode(value));
    }
    this.#dirty = true;
  }

  /** Removes an entry; returns whether it existed. */
  delete(list: KubeConfigList, name: string): boolean {
    const seq = this.#list(list, false);
    const index = seq?.items.findIndex((item) => isMap(item) && item.get("name") === name) ?? -1;
    if (seq === undefined || index < 0) return false;
    seq.items.splice(index, 1);
    this.#dirty = true;
    return true;
  }

  /** Removes every entry of a list (kubectl `config unset clusters`); returns whether there were any. */
  clear(list: KubeConfigList): boolean {
    const seq = this.#list(list, false);
    if (seq === undefined || seq.items.length === 0) return false;
    seq.items = [];
    this.#dirty = true;
    return true;
  }

  /** Removes `preferences` or a field under it (`path` empty: all preferences). */
  unsetPreference(path: readonly string[]): void {
    if (path.length === 0) this.#doc.set("preferences", this.#doc.createNode({}));
    else if (isMap(this.#doc.get("preferences", true))) this.#doc.deleteIn(["preferences", ...path]);
    this.#dirty = true;
  }

  /** The file's own `preferences` (`{}` when it has none). */
  get preferences(): Record<string, unknown> {
    const preferences: unknown = this.#doc.get("preferences", true);
    return isMap(preferences) ? (preferences.toJSON() as Record<string, unknown>) : {};
  }

  /** Sets one field under `preferences` (created when missing). */
  setPreference(field: string, value: unknown): void {
    let preferences: unknown = this.#doc.get("preferences", true);
    if (!isMap(preferences)) {
      // A path set on a missing key would create a JavaScript Map, which YAML writes as `!!map`.
      preferences = this.#doc.createNode({});
      this.#doc.set("preferences", preferences);
    }
    (preferences as YAMLMap).set(field, this.#doc.createNode(value));
    this.#dirty = true;
  }

  /** Renames an entry in place (keeping its position and comments); returns whether it existed. */
  rename(list: KubeConfigList, from: string, to: string): boolean {
    const entry = this.#find(list, from);
    if (entry === undefined) return false;
    entry.set("name", to);
    this.#dirty = true;
    return true;
  }

  get currentContext(): string | undefined {
    const value = this.#doc.get("current-context");
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  set currentContext(name: string | undefined) {
    this.#doc.set("current-context", name ?? "");
    this.#dirty = true;
  }

  /** Writes the file if anything changed (atomically, mode kept, 0600 when new). */
  async save(): Promise<void> {
    if (!this.#dirty) return;
    // kubectl writes sequences unindented and never folds long values (certificate data).
    await writeFileAtomic(this.file, this.#doc.toString({ indentSeq: false, lineWidth: 0 }));
    this.#dirty = false;
  }

  #list(list: KubeConfigList, create: boolean): YAMLSeq | undefined {
    const node = this.#doc.get(list, true);
    if (isSeq(node)) return node;
    if (!create) return undefined;
    const seq = this.#doc.createNode([]) as YAMLSeq;
    this.#doc.set(list, seq);
    return seq;
  }

  #find(list: KubeConfigList, name: string): YAMLMap | undefined {
    return this.#list(list, false)?.items.find(
      (item): item is YAMLMap => isMap(item) && item.get("name") === name,
    );
  }
}

/**
 * Stores refreshed auth-provider settings (e.g. a new OIDC `id-token`/`refresh-token`) in the file that
 * defines the user, as kubectl does, leaving the rest of the file untouched.
 */
export async function persistAuthProviderConfig(
  file: string,
  userName: string,
  config: Record<string, string>,
): Promise<void> {
  const document = await KubeConfigDocument.open(file);
  if (!document.has("users", userName)) return;
  document.set(
    "users",
    userName,
    Object.entries(config).map(([key, value]) => ({ path: ["auth-provider", "config", key], value })),
  );
  await document.save();
}
