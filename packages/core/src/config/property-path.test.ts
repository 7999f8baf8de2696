import { describe, expect, it } from "vitest";
import { KubeConfigError } from "../errors.ts";
import type { KubeConfigList } from "./document.ts";
import { fileFieldName, parseGoBoolValue, setPropertyTarget, unsetPropertyTarget } from "./property-path.ts";

// The entries of a kubeconfig with clusters `a.b` and `c`, user `u` and context `dev`.
const NAMES: Record<KubeConfigList, readonly string[]> = {
  clusters: ["c", "a.b"],
  users: ["u"],
  contexts: ["dev"],
};
const target = (property: string) => setPropertyTarget(property, (list) => NAMES[list]);

// Each expectation was checked with kubectl v1.33 (`kubectl config set PROPERTY true` on that kubeconfig): where
// it writes, where it refuses and in which words. kubectl prints a map's Go pointers; kr8s prints its names.
describe("setPropertyTarget: where kubectl's config set writes", () => {
  it.each([
    ["current-context", { kind: "current-context" }],
    ["kind", { kind: "ignored" }],
    ["apiVersion", { kind: "ignored" }],
    ["preferences.colors", { kind: "preference", field: "colors", type: "bool" }],
    [
      "clusters.a.b.server",
      { kind: "entry", list: "clusters", name: "a.b", field: "server", type: "string" },
    ],
    [
      "clusters.new.server",
      { kind: "entry", list: "clusters", name: "new", field: "server", type: "string" },
    ],
    [
      "clusters.a.b.insecure-skip-tls-verify",
      { kind: "entry", list: "clusters", name: "a.b", field: "insecure-skip-tls-verify", type: "bool" },
    ],
    [
      "clusters.c.certificate-authority-data",
      { kind: "entry", list: "clusters", name: "c", field: "certificate-authority-data", type: "bytes" },
    ],
    [
      "clusters.c.proxy-url",
      { kind: "entry", list: "clusters", name: "c", field: "proxy-url", type: "string" },
    ],
    [
      "clusters.c.disable-compression",
      { kind: "entry", list: "clusters", name: "c", field: "disable-compression", type: "bool" },
    ],
    ["users.u.act-as", { kind: "entry", list: "users", name: "u", field: "as", type: "string" }],
    ["users.u.act-as-uid", { kind: "entry", list: "users", name: "u", field: "as-uid", type: "string" }],
    ["users.u.token", { kind: "entry", list: "users", name: "u", field: "token", type: "string" }],
    [
      "users.u.client-key-data",
      { kind: "entry", list: "users", name: "u", field: "client-key-data", type: "bytes" },
    ],
    [
      "contexts.dev.namespace",
      { kind: "entry", list: "contexts", name: "dev", field: "namespace", type: "string" },
    ],
    [
      "contexts.x.y.cluster",
      { kind: "entry", list: "contexts", name: "x.y", field: "cluster", type: "string" },
    ],
    // A name may be a field's name: the first word is always (part of) the name.
    [
      "clusters.server.server",
      { kind: "entry", list: "clusters", name: "server", field: "server", type: "string" },
    ],
  ])("%s", (property, expected) => {
    expect(target(property)).toEqual(expected);
  });
});

describe("setPropertyTarget: what kubectl's config set refuses, in its words", () => {
  it.each([
    ["current-context.x", "unable to parse one or more field values of current-context.x"],
    ["kind.x", "unable to parse one or more field values of kind.x"],
    ["apiVersion.x", "unable to parse one or more field values of apiVersion.x"],
    ["preferences.colors.x", "unable to parse one or more field values of preferences.colors.x"],
    // kubectl: `unable to parse preferences.bogus after [{preferences 0x203acc0}] at api.Preferences`.
    ["preferences.bogus", "unable to parse preferences.bogus after [{preferences}] at api.Preferences"],
    ["bogus", "unable to parse bogus after [] at api.Config"],
    ["clusters", "can't set a map to a value: map[a.b c]"],
    ["clusters.a.b", "can't set a map to a value: map[a.b c]"],
    ["clusters.server", "can't set a map to a value: map[a.b c]"],
    ["clusters.a.b.server.x", "unable to parse one or more field values of clusters.a.b.server.x"],
    ["clusters.c.server.server", "unable to parse one or more field values of clusters.c.server.server"],
    ["clusters.c.extensions", "can't set a map to a value: map[]"],
    // The file's names of renamed fields are not fields of the type kubectl walks: `as` ends the name.
    ["users.u.as", "can't set a map to a value: map[u]"],
    ["users.u.as-groups", "can't set a map to a value: map[u]"],
    ["users.u.act-as-groups", "unrecognized slice type. string"],
    ["users.u.act-as-user-extra", "can't set a map to a value: map[]"],
    ["users.u.username.server", "unable to parse one or more field values of users.u.username.server"],
    ["contexts.dev", "can't set a map to a value: map[dev]"],
    [
      "contexts.dev.namespace.deep",
      "unable to parse one or more field values of contexts.dev.namespace.deep",
    ],
  ])("%s", (property, message) => {
    expect(() => target(property)).toThrow(new KubeConfigError(message));
  });

  // kubectl panics on these (`panic: unrecognized type: <nil>`, exit 2); kr8s refuses and says what to use.
  it.each(["exec", "auth-provider"])(
    "users.u.%s is refused with the set-credentials flag to use",
    (field) => {
      const error = (() => {
        try {
          target(`users.u.${field}`);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KubeConfigError);
      expect((error as KubeConfigError).message).toBe(
        `unable to parse one or more field values of users.u.${field}`,
      );
      expect((error as KubeConfigError).suggestions).toEqual([
        `set ${field} with \`kr8s config set-credentials u --${field}-…\``,
      ]);
    },
  );

  // kubectl: `unable to locate path config.navigationStep{stepValue:"", stepType:reflect.Type(nil)} under …`.
  it("preferences alone asks for one of its fields", () => {
    expect(() => target("preferences")).toThrow(
      new KubeConfigError("unable to set preferences: name one of its fields (colors)"),
    );
  });
});

describe("fileFieldName", () => {
  it.each([
    ["act-as", "as"],
    ["act-as-uid", "as-uid"],
    ["act-as-groups", "as-groups"],
    ["act-as-user-extra", "as-user-extra"],
    ["token", "token"],
  ])("%s → %s", (name, file) => {
    expect(fileFieldName(name)).toBe(file);
  });
});

describe("parseGoBoolValue (Go's strconv.ParseBool)", () => {
  it.each(["1", "t", "T", "TRUE", "true", "True"])("%s is true", (value) => {
    expect(parseGoBoolValue(value)).toBe(true);
  });
  it.each(["0", "f", "F", "FALSE", "false", "False"])("%s is false", (value) => {
    expect(parseGoBoolValue(value)).toBe(false);
  });
  it.each(["yes", "tRUE", "", " true"])("%j is refused in Go's words", (value) => {
    expect(() => parseGoBoolValue(value)).toThrow(
      new KubeConfigError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`),
    );
  });
});

// Each expectation was checked with kubectl v1.33's `kubectl config unset PROPERTY`.
describe("unsetPropertyTarget: what kubectl's config unset removes", () => {
  it.each([
    ["current-context", { kind: "current-context" }],
    ["kind", { kind: "ignored" }],
    ["preferences", { kind: "preferences" }],
    ["preferences.colors", { kind: "preferences", field: "colors" }],
    ["users", { kind: "list", list: "users" }],
    ["users.e", { kind: "entry", list: "users", name: "e" }],
    // A path whose words name no field is all name (`users.e.bogus` is user `e.bogus`).
    ["users.e.bogus", { kind: "entry", list: "users", name: "e.bogus" }],
    ["users.e.exec", { kind: "entry", list: "users", name: "e", field: "exec" }],
    ["users.e.auth-provider", { kind: "entry", list: "users", name: "e", field: "auth-provider" }],
    ["users.e.act-as", { kind: "entry", list: "users", name: "e", field: "as" }],
    ["clusters.a.b.server", { kind: "entry", list: "clusters", name: "a.b", field: "server" }],
  ])("%s", (property, expected) => {
    expect(unsetPropertyTarget(property)).toEqual(expected);
  });

  it.each([
    ["", "you must specify a property"],
    ["bogus", "unable to parse bogus after [] at api.Config"],
    ["current-context.x", "unable to parse one or more field values of current-context.x"],
    ["preferences.bogus", "unable to parse preferences.bogus after [{preferences}] at api.Preferences"],
    ["preferences.colors.x", "unable to parse one or more field values of preferences.colors.x"],
    // kubectl cannot walk into the exec and auth-provider pointers or a list.
    ["users.e.exec.command", "unable to parse one or more field values of users.e.exec.command"],
    ["users.e.exec.env.A", "unable to parse one or more field values of users.e.exec.env.A"],
    [
      "users.o.auth-provider.config.k",
      "unable to parse one or more field values of users.o.auth-provider.config.k",
    ],
    ["users.e.act-as-groups.x", "unable to parse one or more field values of users.e.act-as-groups.x"],
    // kubectl panics inside `extensions` (`reflect: Elem of invalid type runtime.Object`).
    ["clusters.c.extensions.x", "unable to parse one or more field values of clusters.c.extensions.x"],
    ["preferences.extensions.x", "unable to parse one or more field values of preferences.extensions.x"],
  ])("%j is refused in kubectl's words", (property, message) => {
    expect(() => unsetPropertyTarget(property)).toThrow(new KubeConfigError(message));
  });
});
