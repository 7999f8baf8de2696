// kubectl's global connection flags (--token, --user, --cluster, --as…, --server, the TLS flags,
// --request-timeout) and the server's warnings, run in kr8s and kubectl v1.33 on the same cluster and
// compared. Where kr8s adds a suggestion line under an error, kubectl's one line is compared with kr8s's
// first. Tests that need the local control plane's own users are in global-flags.harness.e2e.test.ts.
import { readdir, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { stringify } from "yaml";
import { readKubeConfigFile } from "@kr8s/core";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { serviceAccountToken, tempDir } from "../../core/test/support.ts";
import { expectSame, sameAsKubectl, type Pair } from "./parity.ts";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

/**
 * The cluster under test's kubeconfig plus: a context `anon` whose user `nobody` has no credentials, a
 * cluster `no-ca` (the same server, no CA) with the context `no-ca`, and the CA as a file.
 */
async function extendedKubeconfig(kubeconfig: string) {
  const config = await readKubeConfigFile(kubeconfig);
  const current = config.contexts?.find((c) => c.name === config["current-context"])?.context;
  const cluster = config.clusters?.find((c) => c.name === current?.cluster);
  if (!current || !cluster) throw new Error(`no current context in ${kubeconfig}`);
  const dir = await tempDir("global-flags");
  const caFile = join(dir, "ca.crt");
  await writeFile(caFile, Buffer.from(cluster.cluster["certificate-authority-data"] ?? "", "base64"));
  const { "certificate-authority-data": _ca, ...withoutCa } = cluster.cluster;
  const file = join(dir, "config");
  await writeFile(
    file,
    stringify({
      ...config,
      clusters: [...(config.clusters ?? []), { name: "no-ca", cluster: withoutCa }],
      users: [...(config.users ?? []), { name: "nobody", user: {} }],
      contexts: [
        ...(config.contexts ?? []),
        { name: "anon", context: { cluster: cluster.name, user: "nobody" } },
        { name: "no-ca", context: { ...current, cluster: "no-ca" } },
      ],
    }),
  );
  return { file, caFile, adminUser: current.user ?? "", clusterName: cluster.name };
}

/** kubectl's one-line error is kr8s's first line (kr8s may add suggestions under it); both exit 1. */
function expectSameError({ ours, theirs }: Pair, line: string): void {
  expect(theirs.stderr).toBe(`${line}\n`);
  expect(ours.stderr.split("\n")[0]).toBe(line);
  expect([ours.exitCode, ours.stdout]).toEqual([1, ""]);
  expect([theirs.exitCode, theirs.stdout]).toEqual([1, ""]);
}

// Several kubectl runs per test on a busy machine: more than the default minute.
describe("credentials and kubeconfig entries from flags", { timeout: 180_000 }, () => {
  test("--token authenticates on a context without credentials", async ({ kubeconfig, namespace }) => {
    const { file } = await extendedKubeconfig(kubeconfig);
    const token = await serviceAccountToken(namespace, "robot");
    const pair = await sameAsKubectl(["auth", "whoami", "--context", "anon", "--token", token], file);
    expectSame(pair);
    expect(pair.ours.stdout).toContain(`system:serviceaccount:${namespace}:robot`);
    // A token the server does not know: kubectl's 401 line.
    const refused = await sameAsKubectl(["auth", "whoami", "--context", "anon", "--token=not-a-token"], file);
    expectSameError(refused, "error: You must be logged in to the server (Unauthorized)");
  });

  test("-s, --token and --certificate-authority are enough without any kubeconfig", async ({
    kubeconfig,
    namespace,
  }) => {
    const { caFile } = await extendedKubeconfig(kubeconfig);
    const config = await readKubeConfigFile(kubeconfig);
    const server = config.clusters?.[0]?.cluster.server ?? "";
    const token = await serviceAccountToken(namespace, "robot");
    const home = await tempDir("no-kubeconfig");
    const { KUBECONFIG: _kubeconfig, ...env } = process.env;
    const args = ["auth", "whoami", "-s", server, "--token", token, "--certificate-authority", caFile];
    const [ours, theirs] = await Promise.all([
      kr8s(args, { env: { ...env, HOME: home } }),
      run(referenceKubectl, args, { env: { ...env, HOME: home }, timeoutMs: 60_000 }),
    ]);
    expect(theirs.exitCode, theirs.stderr).toBe(0);
    expect(ours).toMatchObject({ exitCode: 0, stdout: theirs.stdout, stderr: theirs.stderr });
    expect(ours.stdout).toContain(`system:serviceaccount:${namespace}:robot`);
  });

  test("-v 9 never shows a --token or --password", async ({ kubeconfig, namespace }) => {
    const { file } = await extendedKubeconfig(kubeconfig);
    const token = await serviceAccountToken(namespace, "robot");
    const ours = await kr8s([
      "auth",
      "whoami",
      "--kubeconfig",
      file,
      "--context",
      "anon",
      "--token",
      token,
      "-v",
      "9",
    ]);
    expect(ours.exitCode).toBe(0);
    expect(ours.stderr).toContain("authorization: Bearer <redacted>");
    expect(ours.stderr + ours.stdout).not.toContain(token);
    const basic = await kr8s([
      "get",
      "pods",
      "--kubeconfig",
      file,
      "--context",
      "anon",
      "--username",
      "bob",
      "--password",
      "flag-secret-pw",
      "-v",
      "9",
    ]);
    expect(basic.stderr).toContain("authorization: Basic <redacted>");
    expect(basic.stderr + basic.stdout).not.toContain("flag-secret-pw");
    expect(basic.stderr).not.toContain(Buffer.from("bob:flag-secret-pw").toString("base64"));
  });

  test("--user picks another kubeconfig user; an unknown --user or --cluster is refused", async ({
    kubeconfig,
  }) => {
    const { file, adminUser } = await extendedKubeconfig(kubeconfig);
    const pair = await sameAsKubectl(["auth", "whoami", "--context", "anon", "--user", adminUser], file);
    expectSame(pair);
    expect(pair.ours.exitCode).toBe(0);
    expectSameError(
      await sameAsKubectl(["get", "pods", "--user", "nope"], file),
      'error: auth info "nope" does not exist',
    );
    // `auth whoami`: kubectl's `get` says `no server found for cluster "nope"` (it checks the merged
    // cluster while reading the namespace, before it looks the name up); kr8s words both this way.
    expectSameError(
      await sameAsKubectl(["auth", "whoami", "--cluster", "nope"], file),
      'error: cluster "nope" does not exist',
    );
    // --user= (empty) is not given.
    expectSame(await sameAsKubectl(["auth", "whoami", "--user="], file));
  });

  test("--cluster picks another kubeconfig cluster (here one without the CA: refused by both)", async ({
    kubeconfig,
  }) => {
    const { file, clusterName } = await extendedKubeconfig(kubeconfig);
    const ok = await sameAsKubectl(["auth", "whoami", "--context", "no-ca", "--cluster", clusterName], file);
    expectSame(ok);
    expect(ok.ours.exitCode).toBe(0);
    const { ours, theirs } = await sameAsKubectl(["auth", "whoami", "--cluster", "no-ca"], file);
    expect([ours.exitCode, theirs.exitCode]).toEqual([1, 1]);
    expect(theirs.stderr).toContain("x509: certificate signed by unknown authority");
    expect(ours.stderr).toContain("cannot verify the TLS certificate of the API server");
  });

  test("config view --minify ignores them, as kubectl does", async ({ kubeconfig }) => {
    const { file } = await extendedKubeconfig(kubeconfig);
    const pair = await sameAsKubectl(
      [
        "config",
        "view",
        "--minify",
        "--user",
        "nobody",
        "--cluster",
        "no-ca",
        "-s",
        "https://h:1",
        "--token",
        "t",
      ],
      file,
    );
    expectSame(pair);
    expect(pair.ours.exitCode).toBe(0);
    expect(pair.ours.stdout).not.toContain("nobody");
  });

  test("--username with a --token is refused in kubectl's words", async ({ kubeconfig }) => {
    const { file } = await extendedKubeconfig(kubeconfig);
    expectSameError(
      await sameAsKubectl(["auth", "whoami", "--context", "anon", "--token", "t", "--username", "bob"], file),
      "error: more than one authentication method found for nobody; found [token basicAuth], only one is allowed",
    );
  });
});

describe("files named by flags that cannot be read", { timeout: 180_000 }, () => {
  test("a missing --client-certificate, --client-key or --certificate-authority: kubectl's lines, all of them", async ({
    kubeconfig,
  }) => {
    const { file, clusterName } = await extendedKubeconfig(kubeconfig);
    const dir = await tempDir("missing-files");
    const [cert, key, ca] = ["me.crt", "me.key", "ca.crt"].map((name) => join(dir, name)) as [
      string,
      string,
      string,
    ];
    const both = await sameAsKubectl(
      ["get", "pods", "--context", "anon", "--client-certificate", cert, "--client-key", key],
      file,
    );
    expectSame(both);
    expect(both.ours.stderr).toBe(
      [
        "Error in configuration: ",
        `* unable to read client-cert ${cert} for nobody due to open ${cert}: no such file or directory`,
        `* unable to read client-key ${key} for nobody due to open ${key}: no such file or directory`,
        "",
      ].join("\n"),
    );
    // One problem is one `error:` line; the CA is named with its cluster.
    const caOnly = await sameAsKubectl(["auth", "whoami", "--certificate-authority", ca], file);
    expectSameError(
      caOnly,
      `error: unable to read certificate-authority ${ca} for ${clusterName} due to open ${ca}: no such file or directory`,
    );
    expect(caOnly.ours.stderr.split("\n")).toHaveLength(2);
  });

  test("a directory as --client-certificate opens but cannot be read: Go's read error, as kubectl", async ({
    kubeconfig,
  }) => {
    const { file } = await extendedKubeconfig(kubeconfig);
    const dir = await tempDir("dir-as-file");
    const pair = await sameAsKubectl(
      ["get", "pods", "--context", "anon", "--client-certificate", dir, "--client-key", dir],
      file,
    );
    expectSame(pair);
    expect(pair.ours.stderr).toBe(`error: read ${dir}: is a directory\n`);
  });
});

describe("impersonation", { timeout: 180_000 }, () => {
  test("--as, --as-group (repeated) and --as-uid reach the server", async ({ kubeconfig }) => {
    const pair = await sameAsKubectl(
      ["auth", "whoami", "--as", "alice", "--as-group", "g1", "--as-group=g2", "--as-uid", "u1"],
      kubeconfig,
    );
    expectSame(pair);
    expect(pair.ours.stdout).toMatch(/Username\s+alice\nUID\s+u1\nGroups\s+\[g1 g2 system:authenticated\]/);
  });

  test("an impersonated user without permissions gets kubectl's Forbidden line", async ({
    kubeconfig,
    namespace,
  }) => {
    const pair = await sameAsKubectl(["get", "pods", "-n", namespace, "--as", "alice"], kubeconfig);
    expectSame(pair);
    expect(pair.ours.stderr).toBe(
      `Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "${namespace}"\n`,
    );
  });

  test("--as-group without --as is refused before any request", async ({ kubeconfig }) => {
    const { file, adminUser } = await extendedKubeconfig(kubeconfig);
    expectSameError(
      await sameAsKubectl(["get", "pods", "--as-group", "g1"], file),
      `error: requesting uid, groups or user-extra for ${adminUser} without impersonating a user`,
    );
  });
});

describe("--server and the TLS flags", { timeout: 180_000 }, () => {
  test("--server (and -s) at a closed port: exit 1 naming the address", async ({ kubeconfig }) => {
    for (const flag of ["--server", "-s"]) {
      const { ours, theirs } = await sameAsKubectl(["get", "pods", flag, "https://127.0.0.1:1"], kubeconfig);
      expect([ours.exitCode, theirs.exitCode]).toEqual([1, 1]);
      expect(theirs.stderr).toContain(
        "The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?",
      );
      expect(ours.stderr.split("\n")[0]).toBe(
        "error: cannot reach the API server at https://127.0.0.1:1: the connection was refused (GET /api)",
      );
    }
  });

  test("--insecure-skip-tls-verify: without a CA, and over the kubeconfig's CA", async ({
    kubeconfig,
    namespace,
  }) => {
    const { file } = await extendedKubeconfig(kubeconfig);
    const created = await kubectl(["create", "configmap", "cfg", "--from-literal=a=1"], { namespace });
    expect(created.exitCode, created.stderr).toBe(0);
    const get = ["get", "cm", "cfg", "-n", namespace];
    const refused = await sameAsKubectl([...get, "--context", "no-ca"], file);
    expect([refused.ours.exitCode, refused.theirs.exitCode]).toEqual([1, 1]);
    for (const flag of ["--insecure-skip-tls-verify", "--insecure-skip-tls-verify=true"]) {
      const pair = await sameAsKubectl([...get, "--context", "no-ca", flag], file);
      expectSame(pair);
      expect(pair.ours.stdout).toMatch(/^NAME\s+DATA\s+AGE\ncfg\s+1\s/);
    }
    // Over a CA from the kubeconfig: the flag drops it instead of clashing with it.
    const overCa = await sameAsKubectl([...get, "--insecure-skip-tls-verify"], file);
    expectSame(overCa);
    expect(overCa.ours.exitCode).toBe(0);
  });

  test("--certificate-authority trusts the server on a cluster without a CA; with --insecure-skip-tls-verify it is refused", async ({
    kubeconfig,
  }) => {
    const { file, caFile } = await extendedKubeconfig(kubeconfig);
    const pair = await sameAsKubectl(
      ["auth", "whoami", "--context", "no-ca", "--certificate-authority", caFile],
      file,
    );
    expectSame(pair);
    expect(pair.ours.exitCode).toBe(0);
    expectSameError(
      await sameAsKubectl(
        ["auth", "whoami", "--certificate-authority", caFile, "--insecure-skip-tls-verify"],
        file,
      ),
      "error: specifying a root certificates file with the insecure flag is not allowed",
    );
  });

  test("--tls-server-name: a name in the certificate passes, another fails", async ({ kubeconfig }) => {
    const { file, caFile } = await extendedKubeconfig(kubeconfig);
    const ok = await sameAsKubectl(["auth", "whoami", "--tls-server-name", "localhost"], file);
    expectSame(ok);
    expect(ok.ours.exitCode).toBe(0);
    const { ours, theirs } = await sameAsKubectl(
      [
        "auth",
        "whoami",
        "--tls-server-name",
        "other.example",
        "--certificate-authority",
        caFile,
        "--context",
        "no-ca",
      ],
      file,
    );
    expect([ours.exitCode, theirs.exitCode]).toEqual([1, 1]);
    expect(theirs.stderr).toContain("not other.example");
    expect(ours.stderr).toContain("Host: other.example. is not in the cert's altnames");
  });
});

describe("--cache-dir and --disable-compression", { timeout: 180_000 }, () => {
  test("--cache-dir holds kr8s's discovery beside kubectl's, per server, and both keep working", async ({
    kubeconfig,
    namespace,
  }) => {
    const dir = await tempDir("cache-dir");
    const args = ["--cache-dir", dir, "get", "ns", namespace, "-o", "name"];
    for (let round = 0; round < 2; round++) {
      // The second round reads what the first wrote (kr8s's file and client-go's, side by side).
      const pair = await sameAsKubectl(args, kubeconfig);
      expectSame(pair);
      expect(pair.ours).toMatchObject({ exitCode: 0, stdout: `namespace/${namespace}\n` });
    }
    const config = await readKubeConfigFile(kubeconfig);
    const server = new URL(config.clusters?.[0]?.cluster.server ?? "");
    const perServer = join(dir, "discovery", `${server.hostname}_${server.port}`);
    const files = await readdir(perServer);
    expect(files).toContain("discovery.json"); // kr8s's
    expect(files).toContain("servergroups.json"); // kubectl's
  });

  test("--disable-compression is accepted before or after the command, output unchanged", async ({
    kubeconfig,
    namespace,
  }) => {
    for (const args of [
      ["--disable-compression", "get", "ns", namespace, "-o", "name"],
      ["get", "ns", namespace, "-o", "name", "--disable-compression=true"],
    ]) {
      const pair = await sameAsKubectl(args, kubeconfig);
      expectSame(pair);
      expect(pair.ours).toMatchObject({ exitCode: 0, stdout: `namespace/${namespace}\n`, stderr: "" });
    }
  });
});

describe("--request-timeout", { timeout: 180_000 }, () => {
  test("a value that is no duration gets kubectl's message; seconds and durations work", async ({
    kubeconfig,
    namespace,
  }) => {
    for (const value of ["abc", "-1", "1x"]) {
      const pair = await sameAsKubectl(
        ["get", "pods", "-n", namespace, `--request-timeout=${value}`],
        kubeconfig,
      );
      expectSame(pair);
      expect(pair.ours.stderr).toBe(
        "error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n",
      );
    }
    for (const value of ["0", "30", "1m", "-1s"]) {
      const pair = await sameAsKubectl(
        ["get", "pods", "-n", namespace, "--request-timeout", value],
        kubeconfig,
      );
      expectSame(pair);
      expect(pair.ours.stderr).toBe(`No resources found in ${namespace} namespace.\n`);
    }
  });

  test(
    "a server that never answers: exit 1 once the time is up",
    { timeout: 90_000 },
    async ({ kubeconfig }) => {
      const sockets = new Set<Socket>();
      const silent: Server = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      try {
        const server = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        const args = ["get", "pods", "--server", server, "--request-timeout=1s", "--kubeconfig", kubeconfig];
        const [ours, theirs] = await Promise.all([
          kr8s(args),
          run(referenceKubectl, args, { timeoutMs: 60_000 }),
        ]);
        expect(theirs.exitCode).toBe(1);
        expect(theirs.stderr).toContain("Unable to connect to the server: ");
        expect(ours).toMatchObject({
          exitCode: 1,
          stdout: "",
          stderr: "error: GET /api did not finish within 1000 ms\n",
        });
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    },
  );
});

describe("server warnings", () => {
  test(
    "a deprecated CRD version: `Warning: <text>` on stderr once, as kubectl prints it",
    { timeout: 120_000 },
    async ({ kubeconfig, namespace }) => {
      // A CRD is cluster-wide: one group per namespace keeps parallel runs apart, and a plural no other test
      // uses keeps the short name unambiguous (describe.e2e asks for plain `widgets`).
      const group = `${namespace}.warn.kr8s.test`;
      const crd = {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `deprecatedwidgets.${group}` },
        spec: {
          group,
          scope: "Namespaced",
          names: { plural: "deprecatedwidgets", singular: "deprecatedwidget", kind: "DeprecatedWidget" },
          versions: [
            {
              name: "v1alpha1",
              served: true,
              storage: true,
              deprecated: true,
              // Quotes and a comma: the header quotes and escapes them.
              deprecationWarning: 'widgets "v1alpha1" are going away, use v2',
              schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          ],
        },
      };
      const dir = await tempDir("warnings");
      await writeFile(join(dir, "crd.json"), JSON.stringify(crd));
      const widgets = ["a", "b"].map((name) => ({
        apiVersion: `${group}/v1alpha1`,
        kind: "DeprecatedWidget",
        metadata: { name, namespace },
      }));
      await writeFile(
        join(dir, "widgets.json"),
        JSON.stringify({ apiVersion: "v1", kind: "List", items: widgets }),
      );
      try {
        for (const args of [
          ["apply", "-f", join(dir, "crd.json")],
          ["wait", "--for=condition=Established", `crd/deprecatedwidgets.${group}`],
        ]) {
          const result = await kubectl(args);
          expect(result.exitCode, result.stderr).toBe(0);
        }
        const warning = 'Warning: widgets "v1alpha1" are going away, use v2\n';
        const empty = await sameAsKubectl(["get", `deprecatedwidgets.${group}`, "-n", namespace], kubeconfig);
        expectSame(empty);
        expect(empty.ours.stderr).toBe(`${warning}No resources found in ${namespace} namespace.\n`);
        const applied = await kubectl(["apply", "-f", join(dir, "widgets.json")]);
        expect(applied.exitCode, applied.stderr).toBe(0);
        // Two requests to the deprecated version, one warning line.
        const two = await sameAsKubectl(
          ["get", `deprecatedwidgets.${group}`, "a", "b", "-n", namespace, "-o", "name"],
          kubeconfig,
        );
        expectSame(two);
        expect(two.ours).toMatchObject({
          stdout: `deprecatedwidget.${group}/a\ndeprecatedwidget.${group}/b\n`,
          stderr: warning,
        });
        // --warnings-as-errors (before or after the command): the same output, then the count, exit 1;
        // =false prints the warning and succeeds; a command that fails anyway keeps its own error.
        const strict = await sameAsKubectl(
          [
            "--warnings-as-errors",
            "get",
            `deprecatedwidgets.${group}`,
            "a",
            "b",
            "-n",
            namespace,
            "-o",
            "name",
          ],
          kubeconfig,
        );
        expectSame(strict);
        expect(strict.ours).toMatchObject({
          exitCode: 1,
          stdout: two.ours.stdout,
          stderr: `${warning}error: 1 warning received\n`,
        });
        const lenient = await sameAsKubectl(
          [
            "get",
            `deprecatedwidgets.${group}`,
            "a",
            "-n",
            namespace,
            "-o",
            "name",
            "--warnings-as-errors=false",
          ],
          kubeconfig,
        );
        expectSame(lenient);
        expect(lenient.ours).toMatchObject({ exitCode: 0, stderr: warning });
        const missing = await sameAsKubectl(
          ["get", `deprecatedwidgets.${group}`, "nope", "-n", namespace, "--warnings-as-errors"],
          kubeconfig,
        );
        expectSame(missing);
        expect(missing.ours).toMatchObject({
          exitCode: 1,
          stderr: `${warning}Error from server (NotFound): deprecatedwidgets.${group} "nope" not found\n`,
        });
        // Without a warning the flag changes nothing.
        const quiet = await sameAsKubectl(
          ["--warnings-as-errors", "get", "ns", namespace, "-o", "name"],
          kubeconfig,
        );
        expectSame(quiet);
        expect(quiet.ours).toMatchObject({ exitCode: 0, stdout: `namespace/${namespace}\n`, stderr: "" });
      } finally {
        await kubectl(["delete", "crd", `deprecatedwidgets.${group}`, "--wait=false", "--ignore-not-found"]);
      }
    },
  );
});
