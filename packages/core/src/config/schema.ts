/**
 * The kubeconfig schema as client-go declares it (`k8s.io/client-go/tools/clientcmd/api/v1/types.go`),
 * and the one pass that reads a parsed document against it. kubectl decodes a kubeconfig as YAML → JSON →
 * Go structs, and kr8s reads it the same way, in one place rather than field by field:
 * - an explicit `null` is Go's zero value: a field set to `null` is absent, a `null` list element or map
 *   value is `""` (or an empty list);
 * - YAML `!!binary` is the text its bytes spell (go-yaml hands the decoded bytes to JSON as a string), so a
 *   `*-data` field written as `!!binary` base64 of the base64 text reads like the plain base64 text;
 * - a `*-data` field (Go `[]byte`) may also be a list of byte values, as JSON allows;
 * - a value of the wrong type (`args: "--x"` where a list is expected, `token: 12345`) is refused, as
 *   kubectl refuses the file ("cannot unmarshal …"), naming the file and field but never the value;
 * - the same name twice in one list refuses the file, as kubectl does ("duplicate name … in list").
 * Fields kubectl does not know are kept as they are.
 */
import { KubeConfigError } from "../errors.ts";
import { goBase64ErrorOffset } from "./go-base64.ts";

/** The JSON types of client-go's kubeconfig structs. */
export type Shape =
  | "string"
  | "boolean"
  /** Go `[]byte`: base64 text in JSON. */
  | "bytes"
  /** `runtime.RawExtension`: any JSON. */
  | "any"
  | { readonly list: Shape }
  | { readonly map: Shape }
  /** A struct; `always`: its fields without `omitempty`, which client-go writes even when empty. */
  | { readonly fields: Readonly<Record<string, Shape>>; readonly always?: readonly string[] }
  /** `[{name, <body>: …}]`, converted by client-go into a map: names must be unique. */
  | { readonly named: string; readonly of: Shape };

const extensions: Shape = { named: "extension", of: "any" };

const cluster: Shape = {
  always: ["server"],
  fields: {
    server: "string",
    "tls-server-name": "string",
    "insecure-skip-tls-verify": "boolean",
    "certificate-authority": "string",
    "certificate-authority-data": "bytes",
    "proxy-url": "string",
    "disable-compression": "boolean",
    extensions,
  },
};

const exec: Shape = {
  always: ["command", "args", "env", "provideClusterInfo"],
  fields: {
    command: "string",
    args: { list: "string" },
    env: { list: { always: ["name", "value"], fields: { name: "string", value: "string" } } },
    apiVersion: "string",
    installHint: "string",
    provideClusterInfo: "boolean",
    interactiveMode: "string",
  },
};

const user: Shape = {
  fields: {
    "client-certificate": "string",
    "client-certificate-data": "bytes",
    "client-key": "string",
    "client-key-data": "bytes",
    token: "string",
    tokenFile: "string",
    as: "string",
    "as-uid": "string",
    "as-groups": { list: "string" },
    "as-user-extra": { map: { list: "string" } },
    username: "string",
    password: "string",
    "auth-provider": { always: ["name", "config"], fields: { name: "string", config: { map: "string" } } },
    exec,
    extensions,
  },
};

const context: Shape = {
  always: ["cluster", "user"],
  fields: { cluster: "string", user: "string", namespace: "string", extensions },
};

const preferences: Shape = { fields: { colors: "boolean", extensions } };

/** The bodies of a kubeconfig's entries and its preferences, as client-go declares them. */
export const ENTRY_SHAPES = { cluster, user, context, preferences } as const;

/** `Config` of `clientcmd/api/v1`. */
export const KUBECONFIG_SCHEMA: Shape = {
  fields: {
    apiVersion: "string",
    kind: "string",
    preferences,
    clusters: { named: "cluster", of: cluster },
    users: { named: "user", of: user },
    contexts: { named: "context", of: context },
    "current-context": "string",
    extensions,
  },
};

/**
 * `value` as client-go writes it out (what `kubectl config view` prints): only the struct's own fields,
 * and of those with `omitempty` only the non-empty ones (`insecure-skip-tls-verify: false`, `namespace:
 * ""`, `extensions: []` are left out). Values of other shapes are returned as they are.
 */
export function asClientGoWrites(value: unknown, shape: Shape): unknown {
  if (typeof shape !== "object") return value;
  if ("list" in shape)
    return Array.isArray(value) ? value.map((item) => asClientGoWrites(item, shape.list)) : value;
  if (!("fields" in shape) || value === null || typeof value !== "object" || Array.isArray(value))
    return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const field = shape.fields[key];
    if (field === undefined) continue;
    if (!shape.always?.includes(key) && isGoEmpty(inner)) continue;
    out[key] = asClientGoWrites(inner, field);
  }
  return out;
}

/** Go's `omitempty` test for JSON values: false, "", null, an empty list or map. */
function isGoEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

interface Location {
  /** The field path as kr8s names fields in errors: `users[u].exec.args`, entry bodies elided. */
  readonly path: string;
  readonly file: string | undefined;
}

/**
 * Reads a parsed kubeconfig (or any part of it) against `shape`, returning a new value: nulls dropped or
 * zeroed, `!!binary` bytes turned to text, byte lists to base64. The input is not modified.
 * @throws {KubeConfigError} naming `file` and the field for a value of the wrong type or a duplicated name.
 */
export function readShape(value: unknown, shape: Shape, file: string | undefined, path = ""): unknown {
  return read(value, shape, { path, file });
}

function read(value: unknown, shape: Shape, at: Location): unknown {
  if (value === null || value === undefined) return zero(shape);
  if (value instanceof Uint8Array && (shape === "string" || shape === "bytes" || shape === "any")) {
    return new TextDecoder().decode(value);
  }
  if (shape === "any") return plain(value);
  if (shape === "string" || shape === "boolean") {
    if (typeof value !== shape) throw wrongType(at, `a ${shape}`, value);
    return value;
  }
  if (shape === "bytes") return readBytes(value, at);
  if ("list" in shape) {
    if (!Array.isArray(value)) throw wrongType(at, "a list", value);
    return value.map((item: unknown, index) => read(item, shape.list, child(at, `[${index}]`)));
  }
  if (!("named" in shape)) {
    if (!isRecord(value)) throw wrongType(at, "a mapping", value);
    if ("map" in shape) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, read(item, shape.map, child(at, `[${key}]`))]),
      );
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const field = shape.fields[key];
      if (field === undefined) result[key] = item;
      else if (item !== null && item !== undefined) result[key] = read(item, field, child(at, `.${key}`));
    }
    return result;
  }
  return readNamedList(value, shape, at);
}

/** `[{name, <body>}]`: entry fields are named `list[name].field`, and a name may appear once. */
function readNamedList(value: unknown, shape: { named: string; of: Shape }, at: Location): unknown[] {
  if (!Array.isArray(value)) throw wrongType(at, "a list", value);
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    if (entry === null || entry === undefined) entry = {};
    if (!isRecord(entry)) throw wrongType(child(at, `[${index}]`), "a mapping", entry);
    const name = read(entry.name, "string", child(at, `[${index}].name`)) as string;
    if (seen.has(name)) {
      throw new KubeConfigError(`the name "${name}" is defined twice in ${at.path.replace(/^\./, "")}`, {
        ...where(at),
        field: `${at.path.replace(/^\./, "")}[${name}]`,
        suggestions: ["remove or rename one of the two entries: kubectl refuses such a file too"],
      });
    }
    seen.add(name);
    const result: Record<string, unknown> = { ...entry, name };
    const body = entry[shape.named];
    if (body === null || body === undefined) delete result[shape.named];
    else result[shape.named] = read(body, shape.of, child(at, `[${name}]`));
    return result;
  });
}

/** Go `[]byte` from JSON: base64 text (or, from `!!binary`, the bytes of that text), or a list of bytes. */
function readBytes(value: unknown, at: Location): string {
  if (typeof value === "string") {
    // kubectl refuses the whole file (`illegal base64 data at input byte 0`); kr8s also takes raw PEM
    // (a common slip, unambiguous). Never print the value.
    const offset = goBase64ErrorOffset(value);
    if (offset === undefined || value.trimStart().startsWith("-----BEGIN ")) return value;
    const field = at.path.replace(/^\./, "");
    throw new KubeConfigError(`illegal base64 data at input byte ${offset}`, { ...where(at), field });
  }
  if (
    Array.isArray(value) &&
    value.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) < 256)
  ) {
    return Buffer.from(value as number[]).toString("base64");
  }
  throw wrongType(at, "base64 text", value);
}

function zero(shape: Shape): unknown {
  if (shape === "string" || shape === "bytes") return "";
  if (shape === "boolean") return false;
  if (shape === "any") return null;
  if ("list" in shape || "named" in shape) return [];
  return {};
}

/** Extension data as plain JSON-like values (`!!binary` bytes become text, as for kubectl). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function child(at: Location, suffix: string): Location {
  return { ...at, path: `${at.path}${suffix}` };
}

function where(at: Location): { file: string | undefined } {
  return { file: at.file };
}

/** "must be a list, not a string": the type found, never the value (it may be a token). */
function wrongType(at: Location, expected: string, found: unknown): KubeConfigError {
  const field = at.path.replace(/^\./, "");
  // YAML 1.1 reads `yes`, `on`, `0755` or `1e3` as a boolean or a number where text was meant.
  const hint = expected === "a string" && typeof found !== "object" ? " (quote it to make it text)" : "";
  return new KubeConfigError(`must be ${expected}, not ${describe(found)}${hint}`, {
    ...where(at),
    ...(field === "" ? {} : { field }),
  });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a timestamp";
  if (value instanceof Uint8Array) return "binary data";
  if (value instanceof Set) return "a set";
  if (typeof value === "object" && value !== null) return "a mapping";
  if (typeof value === "bigint") return "a number";
  return `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date) &&
    !(value instanceof Set) &&
    !(value instanceof Map)
  );
}
