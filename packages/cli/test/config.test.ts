// `kr8s config …` against the reference kubectl (v1.33) on copies of the same kubeconfig files: stdout,
// stderr, exit code, and every file afterwards. No cluster is involved.
import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, it, type ExpectStatic } from "vitest";
import { parse, stringify } from "yaml";
import { run, type RunResult } from "@kr8s/test-utils/exec";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const slow = { timeout: 120_000 };

/** Certificate-like bytes that are not a secret; a token and a password that must never be printed. */
const CA = Buffer.from("-----BEGIN CERTIFICATE-----\nnot-a-real-ca\n-----END CERTIFICATE-----\n").toString(
  "base64",
);
const TOKEN = "t0ken-value-never-printed";
const PASSWORD = "passw0rd-never-printed";

const FIRST = {
  apiVersion: "v1",
  kind: "Config",
  preferences: {},
  clusters: [
    { name: "prod", cluster: { server: "https://prod.example:6443", "certificate-authority-data": CA } },
    { name: "dev", cluster: { server: "https://dev.example:6443", "insecure-skip-tls-verify": true } },
  ],
  users: [
    { name: "admin", user: { "client-certificate-data": CA, "client-key-data": CA } },
    { name: "basic", user: { username: "me", password: PASSWORD } },
  ],
  contexts: [
    { name: "prod", context: { cluster: "prod", user: "admin", namespace: "web" } },
    { name: "dev", context: { cluster: "dev", user: "basic" } },
  ],
  "current-context": "prod",
};

/** A second file for KUBECONFIG lists: its own entries, and a context of the same name as one of FIRST's. */
const SECOND = {
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name: "staging", cluster: { server: "https://staging.example:6443" } }],
  users: [{ name: "robot", user: { token: TOKEN } }],
  contexts: [
    { name: "staging", context: { cluster: "staging", user: "robot", namespace: "ci" } },
    { name: "dev", context: { cluster: "staging", user: "robot" } },
  ],
  "current-context": "staging",
};

/** Users with an exec plugin (`e`) and an auth provider (`o`). */
const WITH_PLUGINS = {
  ...FIRST,
  users: [
    {
      name: "e",
      user: {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1",
          command: "aws",
          args: ["a", "b"],
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
        },
      },
    },
    { name: "o", user: { "auth-provider": { name: "oidc", config: { "client-id": "x", k: "v" } } } },
  ],
};

interface Outcome {
  result: RunResult;
  /** Each file afterwards, parsed; undefined when it does not exist. */
  files: Record<string, unknown>;
}

/**
 * Runs kubectl, then kr8s, on the same args in the same directory, restoring the files in between so
 * both see the same input (and messages naming a file name the same path). `{dir}` in an argument is that
 * directory.
 */
async function both(
  args: readonly string[],
  options: { files?: Record<string, unknown>; kubeconfig?: "explicit" | readonly string[] } = {},
): Promise<{ kubectl: Outcome; kr8s: Outcome; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "kr8s-config-"));
  const files = options.files ?? { config: FIRST };
  const list =
    options.kubeconfig === "explicit" || options.kubeconfig === undefined ? ["config"] : options.kubeconfig;
  const env = {
    ...process.env,
    HOME: dir,
    KUBECONFIG: list.map((name) => join(dir, name)).join(delimiter),
  };
  const explicit = options.kubeconfig === "explicit" ? ["--kubeconfig", join(dir, "config")] : [];
  // `{dir}` in an argument is the folder the kubeconfig files are in (to name a file beside them).
  const argv = args.map((arg) => arg.replaceAll("{dir}", dir));
  const outcome = async (runner: () => Promise<RunResult>): Promise<Outcome> => {
    for (const name of list) await rm(join(dir, name), { force: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), stringify(content));
    const result = await runner();
    const after: Record<string, unknown> = {};
    for (const name of list) {
      after[name] = await readFile(join(dir, name), "utf8").then(
        (text) => normalise(parse(text)),
        () => undefined,
      );
    }
    return { result, files: after };
  };
  const theirs = await outcome(() =>
    run(referenceKubectl, [...argv, ...explicit], { env, timeoutMs: 60_000 }),
  );
  const ours = await outcome(() => kr8s([...argv, ...explicit], { env }));
  return { kubectl: theirs, kr8s: ours, dir };
}

/**
 * kubectl rewrites the whole file (entries sorted by name); kr8s edits it in place (order kept). Both mean
 * the same when named lists are compared by name and empty values (null, [], {}, "", false) are read as
 * absent, which is how client-go reads them (kubectl writes `provideClusterInfo: false` into every exec
 * entry it rewrites; kr8s leaves entries it does not change alone).
 */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const items = value.map(normalise);
    const name = (item: unknown): string => {
      const value = (item as { name?: unknown } | undefined)?.name;
      return typeof value === "string" ? value : "";
    };
    return items.every((item) => typeof item === "object" && item !== null && "name" in item)
      ? items.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
      : items;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .map(([key, inner]) => [key, normalise(inner)] as const)
      .filter(([, inner]) => inner !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null || value === "" || value === false ? undefined : value;
}

/**
 * What kr8s prints on stderr, compared with kubectl's: the binary's name is ours, and kr8s adds indented
 * suggestion lines under an error (e.g. the contexts that exist), which kubectl does not print.
 */
function comparableStderr(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !line.startsWith("  "))
    .join("\n")
    .replaceAll("kr8s config", "kubectl config");
}

/**
 * kubectl's `config set` prints Go values in some errors: a map of names to pointers
 * (`map[dev:0xc0007a8280 prod:0xc0007a8300]`), its parser's steps (`[{preferences 0x203acc0}]`). The
 * pointers change from run to run; kr8s prints the names (`map[dev prod]`, `[{preferences}]`).
 */
function withoutGoPointers(stderr: string): string {
  return stderr.replaceAll(/:?\s?0x[0-9a-f]+/g, "");
}

/** Each test spawns both CLIs (seconds each on a busy machine): the cases run side by side. */
function expectSame(outcome: { kubectl: Outcome; kr8s: Outcome }, expect: ExpectStatic): void {
  expect(outcome.kr8s.result.stdout).toBe(outcome.kubectl.result.stdout);
  expect(comparableStderr(outcome.kr8s.result.stderr)).toBe(withoutGoPointers(outcome.kubectl.result.stderr));
  expect(outcome.kr8s.result.exitCode).toBe(outcome.kubectl.result.exitCode);
  expect(outcome.kr8s.files).toEqual(outcome.kubectl.files);
}

describe.concurrent("config reads print what kubectl prints", slow, () => {
  it.for(
    [
      ["view"],
      ["view", "-o", "json"],
      ["view", "--raw"],
      ["view", "--minify", "--context", "dev"],
      ["view", "--minify", "--context", "nope"],
      ["view", "-o", "yaml", "--minify"],
      ["view", "-o", "jsonpath={.contexts[*].name}"],
      ["view", "-o", 'jsonpath={range .users[*]}{.name}{"\\t"}{.user}{"\\n"}{end}'],
      ["view", "--raw", "-o", 'jsonpath={.users[?(@.name=="basic")].user.password}'],
      ["view", "--minify", "--context", "dev", "-o", "jsonpath={.clusters[0].cluster}"],
      ["view", "--minify", "--raw", "-o", "jsonpath-as-json={.users[*].name}"],
      ["view", "--flatten", "-o", "jsonpath={.clusters[0].cluster.server}"],
      ["view", "-o", "jsonpath={.nope}"],
      ["view", "-o", "jsonpath"],
      ["view", "--template={{.kind}} {{len .contexts}}"],
      ["current-context"],
      ["get-contexts"],
      ["get-contexts", "--no-headers"],
      ["get-contexts", "-o", "name"],
      ["get-contexts", "dev", "nope"],
      ["get-users"],
      ["get-contexts", "prod", "prod"],
      ["get-contexts", "nope", "prod", "nope"],
      ["view", "-o", ""],
    ].map((args) => ({ args, title: args.join(" ") })),
  )("config $title", async ({ args }, { expect }) => {
    expectSame(await both(["config", ...args]), expect);
  });

  it("get-clusters lists the clusters kubectl lists, sorted (kubectl prints them in Go's random map order)", async ({
    expect,
  }) => {
    const { kr8s: ours, kubectl: theirs } = await both(["config", "get-clusters"]);
    expect(ours.result.exitCode).toBe(0);
    expect(ours.result.stdout).toBe("NAME\ndev\nprod\n");
    expect(theirs.result.stdout.split("\n").sort()).toEqual(ours.result.stdout.split("\n").sort());
  });

  it("view -o jsonpath sees the redacted view unless --raw", async ({ expect }) => {
    const path = ["-o", "jsonpath={.users[1].user.password}"];
    const redacted = await both(["config", "view", ...path]);
    expectSame(redacted, expect);
    expect(redacted.kr8s.result.stdout).toBe("REDACTED");
    const raw = await both(["config", "view", "--raw", ...path]);
    expectSame(raw, expect);
    expect(raw.kr8s.result.stdout).toBe(PASSWORD);
  });

  it("view redacts secrets as kubectl does, and never prints them", async ({ expect }) => {
    const outcome = await both(["config", "view"]);
    expectSame(outcome, expect);
    expect(outcome.kr8s.result.stdout).toContain("client-key-data: DATA+OMITTED");
    expect(outcome.kr8s.result.stdout).toContain("password: REDACTED");
    expect(outcome.kr8s.result.stdout).not.toContain(PASSWORD);
  });

  it("view of several files merges them as kubectl does (the first file wins a name)", async ({ expect }) => {
    const outcome = await both(["config", "view"], {
      files: { a: FIRST, b: SECOND },
      kubeconfig: ["a", "b"],
    });
    expectSame(outcome, expect);
    expect(outcome.kr8s.result.stdout).toContain("token: REDACTED");
    expect(outcome.kr8s.result.stdout).not.toContain(TOKEN);
  });

  it("view -o with a format kubectl cannot print lists kubectl's formats, in kubectl's words", async ({
    expect,
  }) => {
    const outcome = await both(["config", "view", "-o", "xml"]);
    expectSame(outcome, expect);
    expect(outcome.kr8s.result.exitCode).toBe(1);
    expect(outcome.kr8s.result.stderr).toBe(
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
  });

  it("--merge=false views the --kubeconfig file alone and needs one, as kubectl does", async ({ expect }) => {
    const explicit = await both(["config", "view", "--merge=false", "--minify"], { kubeconfig: "explicit" });
    expectSame(explicit, expect);
    expect(explicit.kr8s.result.stdout).toContain("name: prod");
    const listed = await both(["config", "view", "--merge=false"], {
      files: { a: FIRST },
      kubeconfig: ["a"],
    });
    expectSame(listed, expect);
    expect(listed.kr8s.result.stderr).toBe("error: if merge==false a precise file must be specified\n");
    // A --kubeconfig that does not exist: both refuse (kubectl: `open …: no such file or directory`).
    const missing = await both(["config", "view", "--merge=false"], { files: {}, kubeconfig: "explicit" });
    expect(missing.kubectl.result.exitCode).toBe(1);
    expect(missing.kr8s.result.exitCode).toBe(1);
    expect(missing.kr8s.result.stderr).toBe(
      `error: kubeconfig file does not exist (${join(missing.dir, "config")})\n`,
    );
  });

  it("view -o json prints plugin users' fields in client-go's struct order, whatever the file's", async ({
    expect,
  }) => {
    // Written in an order no Go struct has: kubectl's JSON follows ExecConfig, ExecEnvVar and
    // AuthProviderConfig (YAML sorts the keys either way).
    const plugins = {
      ...FIRST,
      users: [
        {
          name: "exec",
          user: {
            exec: {
              interactiveMode: "Never",
              provideClusterInfo: true,
              apiVersion: "client.authentication.k8s.io/v1",
              env: [{ value: "1", name: "A" }],
              args: ["eks", "get-token"],
              installHint: "install aws",
              command: "aws",
            },
          },
        },
        // Go's map order for the provider's config (integer-like keys among the others, not first).
        {
          name: "oidc",
          user: {
            "auth-provider": {
              config: { "z-key": "1", "client-id": "x", "10": "a", "2": "b" },
              name: "oidc",
            },
          },
        },
        // Fields client-go writes even when absent: exec's args, env, provideClusterInfo; a provider's config.
        {
          name: "bare-exec",
          user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: "c" } },
        },
        { name: "bare-provider", user: { "auth-provider": { name: "gcp" } } },
      ],
    };
    for (const args of [["view", "-o", "json"], ["view"]]) {
      const outcome = await both(["config", ...args], { files: { config: plugins } });
      expectSame(outcome, expect);
      expect(outcome.kr8s.result.exitCode).toBe(0);
    }
  });

  it("view prints what client-go writes: its own fields, the empty ones left out", async ({ expect }) => {
    const sparse = {
      ...FIRST,
      preferences: { colors: false },
      clusters: [
        {
          name: "prod",
          cluster: {
            server: "https://prod.example:6443",
            "insecure-skip-tls-verify": false,
            "proxy-url": "",
            extensions: [],
            "x-vendor": 1,
          },
        },
      ],
      users: [
        {
          name: "admin",
          user: { token: "", "as-groups": [], username: "u", exec: { command: "c", args: [] } },
        },
      ],
      contexts: [{ name: "prod", context: { cluster: "prod", user: "admin", namespace: "" } }],
    };
    for (const args of [
      ["view"],
      ["view", "-o", "json"],
      ["view", "-o", "jsonpath={.clusters[0].cluster}"],
    ]) {
      const outcome = await both(["config", ...args], { files: { config: sparse } });
      expectSame(outcome, expect);
      expect(outcome.kr8s.result.stdout).not.toContain("x-vendor");
    }
  });

  it("view -o jsonpath with --allow-missing-template-keys=false fails on a missing key, as kubectl", async ({
    expect,
  }) => {
    const args = ["config", "view", "-o", "jsonpath={.nope}", "--allow-missing-template-keys=false"];
    const { kr8s: ours, kubectl: theirs } = await both(args);
    expect([ours.result.exitCode, theirs.result.exitCode]).toEqual([1, 1]);
    // kubectl's message dumps the whole (redacted) config; kr8s names the template and the key.
    expect(ours.result.stderr).toBe(
      'error: JSONPath template "{.nope}" failed at offset 2: nope is not found\n',
    );
  });

  it("a *-data field that is not base64 refuses the file, as kubectl (never printing the value)", async ({
    expect,
  }) => {
    const broken = {
      ...FIRST,
      clusters: [
        { name: "prod", cluster: { server: "https://p", "certificate-authority-data": "s3cr3t!!" } },
      ],
    };
    const { kr8s: ours, kubectl: theirs } = await both(["config", "view", "--raw"], {
      files: { config: broken },
    });
    expect([ours.result.exitCode, theirs.result.exitCode]).toEqual([1, 1]);
    expect(theirs.result.stderr).toContain("illegal base64 data at input byte 6");
    expect(ours.result.stderr).toContain("illegal base64 data at input byte 6");
    expect(ours.result.stderr).not.toContain("s3cr3t");
  });

  it("view --flatten refuses an entry with both a file and its data, as kubectl", async ({ expect }) => {
    const both_ = {
      ...FIRST,
      clusters: [
        {
          name: "prod",
          cluster: {
            server: "https://p",
            "certificate-authority": "ca.crt",
            "certificate-authority-data": CA,
          },
        },
      ],
    };
    const outcome = await both(["config", "view", "--flatten"], { files: { config: both_, "ca.crt": "x" } });
    expectSame(outcome, expect);
    expect(outcome.kr8s.result.stderr.split("\n")[0]).toBe(
      "error: cannot have values for both path and contents",
    );
  });

  it("an empty or missing kubeconfig views as kubectl's empty Config", async ({ expect }) => {
    expectSame(await both(["config", "view"], { files: {} }), expect);
    expectSame(await both(["config", "view"], { files: {}, kubeconfig: "explicit" }), expect);
    expectSame(await both(["config", "get-contexts"], { files: {} }), expect);
    expectSame(await both(["config", "current-context"], { files: {} }), expect);
  });
});

describe.concurrent("config writes change the files as kubectl does", slow, () => {
  it.for(
    [
      ["use-context", "dev"],
      ["use-context", "nope"],
      ["set-context", "--current", "--namespace=kube-system"],
      ["set-context", "new", "--cluster=dev", "--user=admin", "--namespace=n"],
      ["set-context", "prod", "--namespace="],
      ["set-context"],
      ["rename-context", "dev", "development"],
      ["rename-context", "prod", "production"],
      ["rename-context", "dev", "prod"],
      ["delete-context", "dev"],
      ["delete-context", "prod"],
      ["delete-context", "nope"],
      ["delete-cluster", "dev"],
      ["delete-user", "basic"],
      ["set-cluster", "new", "--server=https://1.2.3.4", "--tls-server-name=n", "--proxy-url=http://p:3128"],
      ["set-cluster", "prod", "--insecure-skip-tls-verify=true"],
      ["set-cluster", "prod", "--insecure-skip-tls-verify", "--certificate-authority=/etc/hostname"],
      ["set-cluster", "dev", "--insecure-skip-tls-verify=false"],
      ["set-cluster", "dev", "--certificate-authority=/etc/hostname"],
      ["set-cluster", "dev", "--certificate-authority=/etc/hostname", "--embed-certs"],
      ["set-cluster", "dev", "--certificate-authority=/nonexistent", "--embed-certs"],
      ["set-cluster", "dev", "--insecure-skip-tls-verify=maybe"],
      ["set-credentials", "new", "--token=abc"],
      ["set-credentials", "basic", "--token=abc"],
      ["set-credentials", "x", "--token=abc", "--username=u"],
      ["set-credentials", "admin", "--client-certificate=/etc/hostname", "--client-key=/etc/hostname"],
      ["set-credentials", "admin", "--client-certificate=/etc/hostname", "--embed-certs=true"],
      ["set-credentials", "admin", "--client-key=/nonexistent", "--embed-certs"],
      [
        "set-credentials",
        "e",
        "--exec-command=aws",
        "--exec-api-version=client.authentication.k8s.io/v1",
        "--exec-arg=eks",
        "--exec-arg=get-token",
        "--exec-env=A=1",
        "--exec-env=B=2",
      ],
      [
        "set-credentials",
        "o",
        "--auth-provider=oidc",
        "--auth-provider-arg=client-id=x",
        "--auth-provider-arg=k=v",
      ],
      // --exec-arg and --auth-provider-arg are StringSlices: each value a CSV record, as pflag reads it.
      ["set-credentials", "new", "--exec-command=c", '--exec-arg="a,b",c', "--exec-arg=d, e"],
      ["set-credentials", "new", "--exec-command=c", '--exec-arg=a"b'],
      ["set-credentials", "new", "--auth-provider=o", '--auth-provider-arg="k=x,y"'],
      ["use-context", ""],
      ["rename-context", "dev", ""],
      ["set-cluster", "", "--server=https://x"],
      ["set-context", "dev", "-n", "x"],
      ["set-credentials", "new", "--exec-api-version=client.authentication.k8s.io/v1"],
      ["set-credentials", "new", "--exec-arg=", "--exec-command=aws"],
      ["set-credentials", "new", "--exec-provide-cluster-info", "--exec-env=A=1"],
      ["set-credentials", "new", "--exec-command=aws", "--exec-interactive-mode=Bogus"],
      ["set-credentials", "", "--token=abc"],
      ["set-credentials", "new", "--auth-provider=gcp"],
      ["set-credentials", "new", "--auth-provider-arg=k=v"],
      ["set-cluster", "new", "--certificate-authority={dir}/certs/ca.crt"],
      ["set-cluster", "new", "--certificate-authority={dir}/../ca.crt"],
      ["set-cluster", "new", "--certificate-authority=relative/ca.crt"],
      ["set-credentials", "new", "--client-certificate={dir}/u.crt", "--client-key={dir}/keys/u.key"],
      ["set-credentials", "new", "--exec-command={dir}/bin/plugin", "--exec-api-version=v1"],
      ["set-credentials", "new", "--exec-command=./bin/plugin", "--exec-api-version=v1"],
      ["unset", ""],
      ["unset", "users.admin.exec.command"],
      ["unset", "users.admin.auth-provider.config.k"],
      ["unset", "users.admin.act-as-groups.x"],
      ["unset", "users.admin.bogus"],
      ["unset", "preferences.colors"],
      ["unset", "preferences.colors.x"],
      ["unset", "preferences.bogus"],
      ["unset", "users.basic"],
      ["unset", "contexts.prod.namespace"],
      ["unset", "contexts.nope.namespace"],
      ["unset", "bogus"],
      ["unset", "kind"],
      ["unset", "current-context.x"],
      ["unset", "contexts.prod.namespace.deep"],
      ["set", "clusters.dev.server", "https://1.2.3.4"],
      ["set", "clusters.new.one.server", "https://5.6.7.8"],
      ["set", "clusters.server.server", "https://5.6.7.8"],
      ["set", "contexts.namespace", "x"],
      ["set", "clusters.prod.certificate-authority-data", "aGVsbG8="],
      ["set", "clusters.prod.certificate-authority-data", "hello", "--set-raw-bytes"],
      ["set", "clusters.prod.certificate-authority-data", "hello", "--set-raw-bytes=true"],
      ["set", "clusters.prod.certificate-authority-data", "hello"],
      ["set", "clusters.prod.certificate-authority-data", "notbase64!", "--set-raw-bytes=false"],
      ["set", "clusters.prod.certificate-authority-data", "x", "--set-raw-bytes=maybe"],
      ["set", "clusters.dev.insecure-skip-tls-verify", "F"],
      ["set", "clusters.prod.tls-server-name", "prod.internal"],
      ["set", "users.admin.token", "abc"],
      ["set", "users.admin.client-key-data", "key bytes", "--set-raw-bytes"],
      ["set", "users.basic.act-as", "someone"],
      ["set", "users.basic.act-as-uid", "42"],
      ["set", "contexts.dev.namespace", "kube-system"],
      ["set", "contexts.new.cluster", "dev"],
      ["set", "current-context", "dev"],
      ["set", "preferences.colors", "true"],
      ["set", "kind", "Other"],
      ["set", "preferences.colors", "maybe"],
      ["set", "preferences.bogus", "x"],
      ["set", "preferences.extensions", "x"],
      ["set", "bogus", "x"],
      ["set", "clusters", "x"],
      ["set", "clusters.dev", "x"],
      ["set", "clusters.dev.bogus", "x"],
      ["set", "users.basic.as", "x"],
      ["set", "users.basic.act-as-groups", "x"],
      ["set", "users.basic.exec.command", "x"],
      ["set", "contexts.dev.extensions", "x"],
      ["set", "contexts.dev.namespace.deep", "x"],
      ["set", "current-context.x", "y"],
      ["set", "contexts.dev.namespace", ""],
    ].map((args) => ({ args, title: args.join(" ") })),
  )("config $title", async ({ args }, { expect }) => {
    expectSame(await both(["config", ...args]), expect);
  });

  it("set-cluster --server drops the entry's tls-server-name unless one is given with it, as kubectl", async ({
    expect,
  }) => {
    const withName = {
      ...FIRST,
      clusters: [
        { name: "prod", cluster: { server: "https://prod.example:6443", "tls-server-name": "old" } },
      ],
    };
    for (const args of [
      ["--server=https://other:6443"],
      ["--server=https://other:6443", "--tls-server-name=new"],
    ]) {
      const outcome = await both(["config", "set-cluster", "prod", ...args], { files: { config: withName } });
      expectSame(outcome, expect);
      expect(outcome.kr8s.result.exitCode).toBe(0);
    }
  });

  it("the exec plugin's args are replaced, env merged (key- removes), as in kubectl", async ({ expect }) => {
    const files = { config: WITH_PLUGINS };
    expectSame(
      await both(["config", "set-credentials", "e", "--exec-arg=c", "--exec-env=A-", "--exec-env=C=3"], {
        files,
      }),
      expect,
    );
    expectSame(await both(["config", "set-credentials", "o", "--auth-provider-arg=k-"], { files }), expect);
    expectSame(await both(["config", "set-credentials", "o", "--auth-provider=gcp"], { files }), expect);
  });

  it("a new exec command drops the old arguments; the other exec flags need an exec plugin, as in kubectl", async ({
    expect,
  }) => {
    const files = { config: WITH_PLUGINS };
    for (const args of [
      ["e", "--exec-command=gcloud"],
      ["e", "--exec-command=gcloud", "--exec-arg=x,y", "--exec-env=A-", "--exec-env=B=2"],
      ["e", "--exec-env=A=2", "--exec-env=C=3"],
      ["e", "--exec-arg="],
      ["admin", "--exec-arg=x", "--exec-env=A=1"],
    ]) {
      const outcome = await both(["config", "set-credentials", ...args], { files });
      expectSame(outcome, expect);
      expect(outcome.kr8s.result.exitCode).toBe(0);
    }
  });

  it("a malformed --exec-env or --auth-provider-arg: the help, then kubectl's error, and nothing written", async ({
    expect,
  }) => {
    for (const [flag, error] of [
      ["--exec-env=BAD", "error: invalid exec-env format: BAD\n"],
      ["--exec-env=-", "error: invalid exec-env format: -\n"],
      ["--auth-provider-arg=BAD,=x", "error: invalid auth-provider-arg format: BAD, =x\n"],
    ] as const) {
      const { kr8s: ours, kubectl: theirs } = await both(["config", "set-credentials", "new", flag]);
      expect([ours.result.stderr, ours.result.exitCode]).toEqual([error, 1]);
      expect([theirs.result.stderr, theirs.result.exitCode]).toEqual([error, 1]);
      expect(ours.files).toEqual(theirs.files);
      expect(ours.result.stdout.split("\n")[0]).toBe("Set a user entry in kubeconfig.");
      expect(theirs.result.stdout.split("\n")[0]).toBe("Set a user entry in kubeconfig.");
    }
  });

  it("view --minify of a context whose cluster or user is missing fails as kubectl's", async ({ expect }) => {
    const dangling = {
      ...FIRST,
      contexts: [
        { name: "no-cluster", context: { cluster: "gone", user: "admin" } },
        { name: "no-user", context: { cluster: "prod", user: "gone" } },
        { name: "user-only", context: { user: "admin" } },
      ],
      "current-context": "no-cluster",
    };
    const files = { config: dangling };
    for (const args of [
      ["--minify"],
      ["--minify", "--context", "no-user"],
      ["--minify", "--context", "user-only"],
      [],
    ]) {
      expectSame(await both(["config", "view", ...args], { files }), expect);
    }
    expect((await both(["config", "view", "--minify"], { files })).kr8s.result.stderr).toBe(
      "error: cannot locate cluster gone\n",
    );
  });

  it("with --kubeconfig, only that file is read and written", async ({ expect }) => {
    const files = { config: FIRST, other: SECOND };
    const outcome = await both(["config", "use-context", "dev"], { files, kubeconfig: "explicit" });
    expectSame(outcome, expect);
    expectSame(
      await both(["config", "set-context", "x", "--cluster=prod"], { files, kubeconfig: "explicit" }),
      expect,
    );
  });

  describe("with KUBECONFIG listing several files", () => {
    const files = { a: FIRST, b: SECOND };
    const kubeconfig = ["a", "b"];
    it.for(
      [
        ["set-context", "staging", "--namespace=other"],
        ["set-context", "brand-new", "--cluster=prod"],
        ["set-credentials", "robot", "--token=new"],
        ["use-context", "staging"],
        ["rename-context", "staging", "stage"],
        ["rename-context", "prod", "production"],
        ["delete-context", "staging"],
        ["unset", "contexts.staging.namespace"],
        ["unset", "current-context"],
        ["set", "contexts.staging.namespace", "other"],
        ["set", "contexts.dev.namespace", "other"],
        ["set", "users.brand-new.token", "abc"],
        ["set", "current-context", "staging"],
        ["set", "preferences.colors", "1"],
      ].map((args) => ({ args, title: args.join(" ") })),
    )("config $title", async ({ args }, { expect }) => {
      expectSame(await both(["config", ...args], { files, kubeconfig }), expect);
    });

    const { "current-context": _current, ...withoutCurrent } = FIRST;
    it.for(
      [
        ["use-context", "prod"],
        ["use-context", "staging"],
        ["set", "current-context", "prod"],
        ["rename-context", "staging", "stage"],
        ["unset", "current-context"],
        ["set", "preferences.colors", "true"],
        ["unset", "preferences.colors"],
      ].map((args) => ({ args, title: args.join(" ") })),
    )(
      "config $title: current-context goes to the first existing file, preferences to the first listed",
      async ({ args }, { expect }) => {
        expectSame(
          await both(["config", ...args], { files: { a: withoutCurrent, b: SECOND }, kubeconfig }),
          expect,
        );
        expectSame(
          await both(["config", ...args], { files: { b: SECOND }, kubeconfig: ["missing", "b"] }),
          expect,
        );
      },
    );

    it("a new entry goes to the last listed file when none exists (client-go's GetDefaultFilename)", async ({
      expect,
    }) => {
      const outcome = await both(["config", "set-cluster", "c", "--server=https://c"], {
        files: {},
        kubeconfig,
      });
      expectSame(outcome, expect);
      expect(outcome.kr8s.files.a).toBeUndefined();
      expect(outcome.kr8s.files.b).toMatchObject({ clusters: [{ name: "c" }] });
    });
  });
});

// Each kubectl config command refuses arguments that do not fit it in its own way (src/wrong-args.ts).
describe("config commands with arguments they do not take, as kubectl", slow, () => {
  // Where kubectl prints the command's help first, only the help's first line is compared (oclif's help is
  // laid out otherwise than cobra's).
  const helpFirst: [string[], string][] = [
    [["set"], "Set an individual value in a kubeconfig file."],
    [["set", "current-context"], "Set an individual value in a kubeconfig file."],
    [["set", "a", "b", "c"], "Set an individual value in a kubeconfig file."],
    [["use-context"], "Set the current-context in a kubeconfig file."],
    [["use-context", "a", "b"], "Set the current-context in a kubeconfig file."],
    [["rename-context", "a"], "Renames a context from the kubeconfig file."],
    [["set-context", "a", "b"], "Set a context entry in kubeconfig."],
    [["set-cluster"], "Set a cluster entry in kubeconfig."],
    [["set-credentials", "a", "b"], "Set a user entry in kubeconfig."],
    [["unset"], "Unset an individual value in a kubeconfig file."],
    [["delete-context"], "Delete the specified context from the kubeconfig."],
    [["delete-cluster", "a", "b"], "Delete the specified cluster from the kubeconfig."],
  ];
  it.for(helpFirst)(
    "config %j: the help on stdout, then kubectl's error and exit code",
    async ([args, summary], { expect }) => {
      const { kr8s: ours, kubectl: theirs } = await both(["config", ...args]);
      expect(comparableStderr(ours.result.stderr)).toBe(theirs.result.stderr);
      expect([ours.result.exitCode, ours.files]).toEqual([theirs.result.exitCode, theirs.files]);
      expect(ours.result.stdout.split("\n")[0]).toBe(summary);
      expect(theirs.result.stdout.split("\n")[0]).toBe(summary);
    },
  );

  it.for([
    ["delete-user"],
    ["delete-user", "a", "b"],
    ["view", "x"],
    ["current-context", "x"],
    ["get-users", "x"],
    ["get-contexts", "a", "b"],
  ])("config %j: the same stdout, stderr and exit code", async (args, { expect }) => {
    const { kr8s: ours, kubectl: theirs } = await both(["config", ...args]);
    expectSame({ kr8s: ours, kubectl: theirs }, expect);
  });

  it("config get-clusters x: the clusters (in kubectl's random map order), as without the argument", async ({
    expect,
  }) => {
    const { kr8s: ours, kubectl: theirs } = await both(["config", "get-clusters", "x"]);
    expect(ours.result).toEqual({ stdout: "NAME\ndev\nprod\n", stderr: "", exitCode: 0 });
    expect([theirs.result.stderr, theirs.result.exitCode]).toEqual(["", 0]);
    expect(theirs.result.stdout.split("\n").sort()).toEqual(ours.result.stdout.split("\n").sort());
  });
});

describe("config writes keep what kubectl would drop", slow, () => {
  it("comments and key order survive an edit", async ({ expect }) => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-config-"));
    const file = join(dir, "config");
    // Written as kubectl writes a kubeconfig (sequences not indented), so only the edit can differ.
    const text = `# my clusters\n${stringify(FIRST, { indentSeq: false })}`;
    await writeFile(file, text);
    const result = await kr8s(["config", "use-context", "dev", "--kubeconfig", file]);
    expect(result.exitCode).toBe(0);
    expect(await readFile(file, "utf8")).toBe(text.replace("current-context: prod", "current-context: dev"));
  });
});

describe("config view shows paths as the file writes them, as kubectl does", slow, () => {
  const relative = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: "https://c:6443", "certificate-authority": "ca.crt" } }],
    users: [
      {
        name: "u",
        user: { "client-certificate": "u.crt", "client-key": "./u.key", tokenFile: "token" },
      },
    ],
    contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
    "current-context": "x",
  };
  const files = { config: relative, "ca.crt": "ca", "u.crt": "crt", "u.key": "key", token: "t" };
  it.for([[], ["--minify"], ["--raw"], ["--flatten"], ["-o", "json"]].map((args) => ({ args })))(
    "config view $args: relative paths stay relative (--flatten embeds the files they name)",
    async ({ args }, { expect }) => {
      const outcome = await both(["config", "view", ...args], { files });
      expectSame(outcome, expect);
      expect(outcome.kr8s.result.exitCode).toBe(0);
      if (args.length === 0) expect(outcome.kr8s.result.stdout).toContain("    tokenFile: token\n");
    },
  );
});

describe("config writes through a symlinked kubeconfig, as kubectl", slow, () => {
  it("the link stays a link and its target is changed (a dangling link's target is created)", async ({
    expect,
  }) => {
    const outcome = async (runner: (kubeconfig: string) => Promise<RunResult>) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-config-link-"));
      await mkdir(join(dir, "dotfiles"));
      await writeFile(join(dir, "dotfiles", "config"), stringify(FIRST));
      await symlink(join("dotfiles", "config"), join(dir, "config"));
      await symlink("nowhere.yaml", join(dir, "dangling"));
      const first = await runner(join(dir, "config"));
      const second = await runner(join(dir, "dangling"));
      return {
        results: [first.exitCode, second.exitCode],
        links: [
          (await lstat(join(dir, "config"))).isSymbolicLink(),
          (await lstat(join(dir, "dangling"))).isSymbolicLink(),
        ],
        targets: [
          normalise(parse(await readFile(join(dir, "dotfiles", "config"), "utf8"))),
          normalise(parse(await readFile(join(dir, "nowhere.yaml"), "utf8"))),
        ],
      };
    };
    const args = ["config", "set-context", "x", "--cluster=y"];
    const theirs = await outcome((file) => run(referenceKubectl, [...args, "--kubeconfig", file]));
    const ours = await outcome((file) => kr8s([...args, "--kubeconfig", file]));
    expect(ours).toEqual(theirs);
    expect(ours.links).toEqual([true, true]);
  });
});
