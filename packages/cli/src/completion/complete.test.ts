import { describe, expect, test } from "vitest";
import type { ConnectionFlagValues } from "../api-options.ts";
import { complete, formatCompletion, type CommandSpec, type CompletionSources } from "./complete.ts";

const global = (name: string, char?: string, type: "option" | "boolean" = "option") => ({
  name,
  type,
  helpGroup: "GLOBAL",
  description: `the ${name} flag`,
  ...(char ? { char } : {}),
});
const globals = {
  kubeconfig: global("kubeconfig"),
  context: global("context"),
  namespace: global("namespace", "n"),
  cluster: global("cluster"),
  user: global("user"),
  "insecure-skip-tls-verify": global("insecure-skip-tls-verify", undefined, "boolean"),
};
const commands: CommandSpec[] = [
  {
    id: "get",
    summary: "Display one or many resources.",
    flags: {
      ...globals,
      output: { name: "output", char: "o", type: "option", description: "Output format.\nMore." },
      "output-watch-events": { name: "output-watch-events", type: "boolean" },
      "label-columns": { name: "label-columns", char: "L", type: "option", multiple: true },
      "show-labels": { name: "show-labels", type: "boolean" },
      secret: { name: "secret", type: "boolean", hidden: true },
      "all-namespaces": { name: "all-namespaces", char: "A", type: "boolean" },
    },
    completion: { args: { source: "resources" }, flagValues: { output: ["json", "yaml", "wide"] } },
  },
  { id: "version", summary: "Print the versions.", flags: { ...globals } },
  {
    id: "events",
    summary: "List events.",
    flags: { ...globals, for: { name: "for", type: "option" } },
    completion: { objectFlags: ["for"] },
  },
  {
    id: "config:use-context",
    summary: "Use a context.",
    aliases: ["config:use"],
    flags: { ...globals },
    completion: { args: { source: "contexts", max: 1 } },
  },
  { id: "config:use", summary: "Use a context.", aliases: ["config:use"], flags: { ...globals } },
  { id: "config:unset", summary: "Unset a value.", flags: { ...globals } },
  { id: "config:view", summary: "Show the kubeconfig.", flags: { ...globals } },
  { id: "auth:whoami", summary: "Who am I.", flags: { ...globals } },
  {
    id: "completion",
    summary: "Shell completion.",
    flags: {},
    completion: { args: { source: "shells", max: 1 } },
  },
  { id: "help", summary: "Help.", flags: {}, completion: { args: { source: "commands" } } },
  { id: "__complete", hidden: true, flags: {} },
];
const topics = { config: { description: "Modify kubeconfig files." }, auth: { description: "Identity." } };

/** Sources that record what they were asked, with the flags they were made for. */
function recordingSources() {
  const seen: { flags?: ConnectionFlagValues; calls: string[] } = { calls: [] };
  const names: Record<string, string[]> = {
    pods: ["web-0", "web-1", "db-0"],
    po: ["web-0", "web-1", "db-0"],
    // A list of types is handed over as typed: the source lists them as `get` does.
    "po,svc": ["web-0", "web-1", "db-0", "web", "db"],
    configmaps: ["settings"],
    namespaces: ["default", "kube-system", "team-a"],
  };
  const sources = (flags: ConnectionFlagValues): CompletionSources => {
    seen.flags = flags;
    const record = <T>(call: string, value: T): Promise<T> => {
      seen.calls.push(call);
      return Promise.resolve(value);
    };
    return {
      contexts: () => record("contexts", ["dev", "prod", "staging"]),
      clusters: () => record("clusters", ["c1"]),
      users: () => record("users", ["u1"]),
      namespaces: () => record("namespaces", names.namespaces ?? []),
      resourceTypes: () => record("types", ["configmaps", "pods", "podtemplates", "deployments.apps"]),
      resourceNames: (type) => record(`names ${type}`, names[type] ?? []),
    };
  };
  return { seen, sources };
}

async function run(...words: string[]) {
  const { seen, sources } = recordingSources();
  const result = await complete({ commands, topics, words, sources });
  return { ...result, values: result.candidates.map((c) => c.value), seen };
}

describe("complete (kubectl's __complete candidates)", () => {
  test("command names, with their summaries; hidden commands and aliases are not offered", async () => {
    const top = await run("");
    expect(top.values).toEqual(["auth", "completion", "config", "events", "get", "help", "version"]);
    expect(top.candidates.find((c) => c.value === "config")?.description).toBe("Modify kubeconfig files.");
    expect(top.candidates.find((c) => c.value === "get")?.description).toBe("Display one or many resources.");
    expect(top.directive).toBe(4);
    expect((await run("con")).values).toEqual(["config"]);
    expect((await run("config", "u")).values).toEqual(["unset", "use-context"]);
    expect(top.seen.calls).toEqual([]);
  });

  test("global flags before the command are skipped with their values", async () => {
    expect((await run("-n", "x", "--context=dev", "ver")).values).toEqual(["version"]);
    expect((await run("--kubeconfig", "/k", "config", "v")).values).toEqual(["view"]);
  });

  test("flags: long names for --, long and short for -, not those already given unless repeatable", async () => {
    expect((await run("get", "--out")).values).toEqual(["--output", "--output-watch-events"]);
    expect((await run("get", "--out")).candidates[0]?.description).toBe("Output format.");
    const dash = await run("get", "-o", "json", "-L", "app", "--show-labels", "-");
    expect(dash.values).not.toContain("--output");
    expect(dash.values).not.toContain("-o");
    expect(dash.values).not.toContain("--show-labels");
    expect(dash.values).not.toContain("--secret");
    expect(dash.values).toEqual(expect.arrayContaining(["--label-columns", "-L", "--namespace", "-n"]));
    expect((await run("get", "--n")).values).toEqual(["--namespace"]);
  });

  test("-o values: the command's formats, after a space, after = and glued to -o", async () => {
    expect((await run("get", "-o", "")).values).toEqual(["json", "yaml", "wide"]);
    expect((await run("get", "-o", "")).directive).toBe(4);
    expect((await run("get", "-o", "y")).values).toEqual(["yaml"]);
    expect((await run("get", "--output=j")).values).toEqual(["json"]);
    expect((await run("get", "-o=y")).values).toEqual(["yaml"]);
    // A flag with no known values: the shell's own file completion (directive 0).
    expect(await run("get", "-L", "")).toMatchObject({ values: [], directive: 0 });
    // -o given with its value does not swallow the next word.
    expect((await run("get", "-ojson", "po")).seen.calls).toEqual(["types"]);
  });

  test("-n, --context, --cluster, --user values from the sources", async () => {
    const ns = await run("get", "pods", "-n", "");
    expect(ns.values).toEqual(["default", "kube-system", "team-a"]);
    expect((await run("get", "--namespace", "k")).values).toEqual(["kube-system"]);
    expect((await run("--context", "")).values).toEqual(["dev", "prod", "staging"]);
    expect((await run("get", "--context=s")).values).toEqual(["staging"]);
    expect((await run("get", "--cluster", "")).values).toEqual(["c1"]);
    expect((await run("get", "--user", "")).values).toEqual(["u1"]);
  });

  test("the connection flags on the line reach the sources (--kubeconfig, --context, -n)", async () => {
    const { seen } = await run("--kubeconfig", "/tmp/k", "get", "--context=dev", "-nteam-a", "pods", "");
    expect(seen.flags).toMatchObject({ kubeconfig: "/tmp/k", context: "dev", namespace: "team-a" });
    expect(seen.calls).toEqual(["names pods"]);
    expect((await run("get", "--insecure-skip-tls-verify", "pods", "")).seen.flags).toMatchObject({
      "insecure-skip-tls-verify": true,
    });
  });

  test("resource types, then names of that type without those already given", async () => {
    expect((await run("get", "")).values).toEqual(["configmaps", "pods", "podtemplates", "deployments.apps"]);
    expect((await run("get", "po")).values).toEqual(["pods", "podtemplates"]);
    expect((await run("get", "pods", "")).values).toEqual(["web-0", "web-1", "db-0"]);
    expect((await run("get", "po", "web")).values).toEqual(["web-0", "web-1"]);
    expect((await run("get", "pods", "web-0", "")).values).toEqual(["web-1", "db-0"]);
  });

  test("TYPE/NAME: names after a slash, then `type/` with no space after it", async () => {
    expect((await run("get", "pods/w")).values).toEqual(["pods/web-0", "pods/web-1"]);
    const next = await run("get", "pods/web-0", "con");
    expect(next.values).toEqual(["configmaps/"]);
    expect(next.directive).toBe(4 | 2);
  });

  test("comma-separated types: the names of each (the list handed to the source), those given left out", async () => {
    const names = await run("get", "po,svc", "");
    expect(names).toMatchObject({ values: ["web-0", "web-1", "db-0", "web", "db"], directive: 4 });
    expect(names.seen.calls).toEqual(["names po,svc"]);
    expect((await run("get", "po,svc", "w")).values).toEqual(["web-0", "web-1", "web"]);
    expect((await run("get", "po,svc", "web-0", "db", "")).values).toEqual(["web-1", "db-0", "web"]);
    expect((await run("get", "-A", "po,svc", "d")).values).toEqual(["db-0", "db"]);
  });

  test("a list of types completes its last type after the others (kubectl's `pod,s` → `pod,secrets`)", async () => {
    expect(await run("get", "pods,con")).toMatchObject({ values: ["pods,configmaps"], directive: 4 });
    expect((await run("get", "deployments.apps,configmaps,po")).values).toEqual([
      "deployments.apps,configmaps,pods",
      "deployments.apps,configmaps,podtemplates",
    ]);
    expect((await run("get", "pods,")).values).toEqual([
      "pods,configmaps",
      "pods,pods",
      "pods,podtemplates",
      "pods,deployments.apps",
    ]);
    expect((await run("get", ",")).values).toEqual([
      ",configmaps",
      ",pods",
      ",podtemplates",
      ",deployments.apps",
    ]);
    expect((await run("get", "pods,x")).values).toEqual([]);
  });

  test("TYPE/NAME with a list before the slash, as kubectl's: `pod,s` → `pod,secrets/`, `po,svc/` → names of both", async () => {
    expect(await run("get", "pods/web-0", "pods,con")).toMatchObject({
      values: ["pods,configmaps/"],
      directive: 4 | 2,
    });
    expect((await run("get", "po,svc/w")).values).toEqual(["po,svc/web-0", "po,svc/web-1", "po,svc/web"]);
  });

  test("TYPE/NAME arguments already on the line are not offered again", async () => {
    expect((await run("get", "pods/web-0", "pods/")).values).toEqual(["pods/web-1", "pods/db-0"]);
  });

  test("-A does not change the names offered (kubectl's: those of the line's or the context's namespace)", async () => {
    expect((await run("get", "-A", "pods", "")).values).toEqual(["web-0", "web-1", "db-0"]);
  });

  test("events --for: TYPE/ with no space, then TYPE/NAME", async () => {
    expect(await run("events", "--for", "config")).toMatchObject({ values: ["configmaps/"], directive: 6 });
    expect((await run("events", "--for=pods/d")).values).toEqual(["pods/db-0"]);
    // --for takes one object: no list of types.
    expect((await run("events", "--for", "pods,con")).values).toEqual([]);
    expect((await run("events", "--for", "po,svc/")).values).toEqual([]);
  });

  test("arguments after -- are not flags", async () => {
    expect((await run("get", "--", "-")).values).toEqual([]);
  });

  test("contexts for config use-context (one argument), shells for completion, commands for help", async () => {
    expect((await run("config", "use-context", "")).values).toEqual(["dev", "prod", "staging"]);
    expect((await run("config", "use-context", "dev", "")).values).toEqual([]);
    expect((await run("completion", "")).values).toEqual(["bash", "zsh", "fish", "powershell"]);
    expect((await run("help", "config", "u")).values).toEqual(["unset", "use-context"]);
    expect((await run("version", "")).values).toEqual([]);
    expect((await run("version", "")).directive).toBe(4);
  });

  test("a source that fails gives no candidates and no error", async () => {
    const failing = (): CompletionSources => {
      const fail = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1"));
      return {
        contexts: fail,
        clusters: fail,
        users: fail,
        namespaces: fail,
        resourceTypes: fail,
        resourceNames: fail,
      };
    };
    const result = await complete({ commands, topics, words: ["get", "pods", ""], sources: failing });
    expect(result).toEqual({ candidates: [], directive: 4 });
  });

  test("cobra's output: value, a tab and the description, then :directive", () => {
    expect(
      formatCompletion({
        candidates: [{ value: "get", description: "Display." }, { value: "x" }],
        directive: 4,
      }),
    ).toBe("get\tDisplay.\nx\n:4\n");
  });
});
