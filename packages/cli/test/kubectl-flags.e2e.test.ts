// Flags written the way kubectl users write them (pflag's syntax): a boolean with `=true`/`=false`, `-A=false`,
// a flag given twice (the last wins), a bad boolean value. kr8s and kubectl v1.33 run on the same arguments
// against the same namespace: stdout, stderr and exit code compared.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl } from "./parity.ts";
import { kr8s } from "./run-cli.ts";

/** Two ConfigMaps, one labelled `app=web`: enough for a table, a selector and a sort. */
async function configMaps(namespace: string): Promise<void> {
  for (const args of [
    ["create", "configmap", "alpha", "--from-literal=a=1"],
    ["create", "configmap", "beta", "--from-literal=b=2"],
    ["label", "configmap", "beta", "app=web"],
  ]) {
    const result = await kubectl(args, { namespace });
    expect(result.exitCode, result.stderr).toBe(0);
  }
}

/** Runs each command line in kr8s and kubectl and expects the same output; `exit` is kubectl's code. */
async function expectEachSame(
  commandLines: readonly (readonly string[])[],
  kubeconfig: string,
  exit: number,
): Promise<void> {
  // `auth whoami -o json` shows the review's creationTimestamp: the server's clock at each run, which can
  // differ by a second between the two runs.
  const sameSecond = (stdout: string): string =>
    stdout.replaceAll(/"creationTimestamp": "[^"]*"/g, '"creationTimestamp": "<time>"');
  for (const args of commandLines) {
    const pair = await sameAsKubectl(args, kubeconfig);
    expect(pair.theirs.exitCode, `kubectl ${args.join(" ")}`).toBe(exit);
    expectSame(pair, sameSecond);
  }
}

describe("flags written as kubectl users write them", () => {
  test("a boolean flag takes =true or =false (Go's spellings), and -A=false", async ({
    kubeconfig,
    namespace,
  }) => {
    await configMaps(namespace);
    const ns = ["-n", namespace];
    await expectEachSame(
      [
        ["get", "cm", ...ns, "--no-headers=true"],
        ["get", "cm", ...ns, "--no-headers=false", "--show-kind=True"],
        ["get", "cm", ...ns, "--show-labels=1"],
        ["get", "cm", ...ns, "--show-labels=f"],
        ["get", "cm", ...ns, "--all-namespaces=false"],
        ["get", "cm", ...ns, "-A=false"],
        ["get", "cm", "nope", ...ns, "--ignore-not-found=true"],
        ["get", "cm", ...ns, "--watch=false", "--watch-only=FALSE"],
        ["events", ...ns, "--watch=false"],
        ["describe", "cm", "alpha", ...ns, "--show-events=false"],
        ["config", "get-contexts", "--no-headers=true"],
        ["wait", "cm/alpha", ...ns, "--for=create", "-o", "yaml", "--show-managed-fields"],
        ["wait", "cm/alpha", ...ns, "--for=create", "-o", "json", "--show-managed-fields=false"],
        ["events", ...ns, "-o", "json", "--show-managed-fields=true", "--chunk-size=1"],
        ["auth", "whoami", "-o", "yaml", "--show-managed-fields"],
      ],
      kubeconfig,
      0,
    );
    await expectEachSame(
      [
        ["get", "cm", "nope", ...ns, "--ignore-not-found=false"],
        // A value after a space is not a boolean's: kubectl looks for a ConfigMap named `true`.
        ["get", "cm", ...ns, "--no-headers", "true"],
      ],
      kubeconfig,
      1,
    );
  });

  test("piped stdin is never taken for a missing argument (kubectl reads stdin only for -f -)", async ({
    kubeconfig,
    namespace,
  }) => {
    // oclif reads a missing argument from stdin unless told not to: `echo x | kr8s config get-contexts`
    // looked for a context named x, and a `while read` loop around a command lost its input.
    const context = (await kubectl(["config", "current-context", "--kubeconfig", kubeconfig])).stdout.trim();
    expect(context).toBeTruthy();
    for (const [args, exitCode] of [
      [["config", "get-contexts"], 0],
      [["get"], 1],
      [["describe"], 1],
      [["explain"], 1],
      [["auth", "can-i", "--list", "-n", namespace], 0],
    ] as const) {
      const pair = await sameAsKubectl(args, kubeconfig, { input: `${context}\n` });
      expect({ args, exitCode: pair.ours.exitCode }).toEqual({ args, exitCode });
      expectSame(pair);
    }
    // A usage error, as kubectl's (worded otherwise: kubectl prints the command's help), not a switch.
    const useContext = await kr8s(["config", "use-context", "--kubeconfig", kubeconfig], {
      input: `${context}\n`,
    });
    expect(useContext.exitCode).toBe(1);
    expect(useContext.stdout + useContext.stderr).not.toContain("Switched");
  });

  test("the last of a flag given twice wins", async ({ kubeconfig, namespace }) => {
    await configMaps(namespace);
    await expectEachSame(
      [
        ["get", "cm", "-n", "default", "-o", "name", "-n", namespace],
        ["get", "cm", "-n", namespace, "-o", "wide", "-o", "name"],
        ["get", "cm", "-n", namespace, "-l", "app=nothing", "-l", "app=web"],
        ["get", "cm", "-n", namespace, "--sort-by=.data.b", "--sort-by=.metadata.name", "-o", "name"],
        ["-n", "default", "get", "cm", "-n", namespace],
        ["get", "cm", "-n", namespace, "--no-headers=true", "--no-headers=false"],
      ],
      kubeconfig,
      0,
    );
  });

  test("a flag given once per value (-f, -L, --as-group) takes the one word after it, never the arguments that follow; -f and -L also split at commas", async ({
    kubeconfig,
    namespace,
  }) => {
    await configMaps(namespace);
    const dir = await mkdtemp(join(tmpdir(), "kr8s-repeated-"));
    const files = await Promise.all(
      ["alpha", "beta"].map(async (name) => {
        const file = join(dir, `${name}.yaml`);
        const got = await kubectl(["get", "cm", name, "-o", "yaml"], { namespace });
        await writeFile(file, got.stdout);
        return file;
      }),
    );
    const [alpha = "", beta = ""] = files;
    const ns = ["-n", namespace];
    await expectEachSame(
      [
        ["get", "cm", ...ns, "-L", "app", "beta"],
        ["get", ...ns, "-L", "app", "cm"],
        ["get", ...ns, "-L", "app,b", "-L", "a", "cm"],
        // Each value is a CSV record (pflag's readAsCSV): quotes, kept spaces, empty fields.
        ["get", ...ns, "-L", '"app,b",a', "cm"],
        ["get", ...ns, "-L", "app, a", "-L", "a,,b", "cm"],
        ["get", "-f", `${alpha},${beta}`],
        ["get", "-f", alpha, "-f", beta, "-o", "name"],
        ["describe", "-f", `${alpha},${beta}`],
        ["wait", "-f", `${alpha},${beta}`, "--for=create"],
        // One group named `a,b` (a StringArray is not split), then `c`.
        ["--as=someone", "--as-group=a,b", "--as-group", "c", "auth", "whoami"],
        ["auth", "whoami", "--as=someone", "--as-group", "a", "-o", "json"],
        ["api-resources", "--verbs=list", "--verbs", "watch", "--categories=all,nothing"],
      ],
      kubeconfig,
      0,
    );
    await expectEachSame(
      [
        ["get", "-f", alpha, "cm"],
        // A stray quote: pflag's CSV error.
        ["get", ...ns, "-L", 'a"b', "cm"],
        ["get", ...ns, "-L", '"a,b', "cm"],
      ],
      kubeconfig,
      1,
    );
    // set-credentials: what kubectl reads back from the kubeconfig each wrote.
    const written = async (client: "kr8s" | "kubectl") => {
      const file = join(await mkdtemp(join(dir, `${client}-`)), "config");
      await writeFile(file, "");
      const args = [
        "config",
        "set-credentials",
        "--exec-arg=a,b",
        "--exec-command=foo",
        "--exec-arg",
        "c",
        "--exec-env=X=1,Y=2",
        "--exec-env",
        "Z=3",
        "--auth-provider=p",
        "--auth-provider-arg=k=v,k2=v2",
        "u7",
        "--kubeconfig",
        file,
      ];
      const set = client === "kr8s" ? await kr8s(args) : await kubectl(args);
      const view = await kubectl(["config", "view", "-o", "json", "--kubeconfig", file]);
      return { set: { stdout: set.stdout, stderr: set.stderr, exitCode: set.exitCode }, view: view.stdout };
    };
    const ours = await written("kr8s");
    expect(ours.set).toEqual({ stdout: 'User "u7" set.\n', stderr: "", exitCode: 0 });
    expect(JSON.parse(ours.view)).toMatchObject({
      users: [
        {
          user: {
            exec: {
              args: ["a", "b", "c"],
              env: [
                { name: "X", value: "1,Y=2" },
                { name: "Z", value: "3" },
              ],
            },
            "auth-provider": { config: { k: "v", k2: "v2" } },
          },
        },
      ],
    });
    // kubectl appends new exec env variables in Go's random map order: compared by name.
    const byName = (result: { set: unknown; view: string }) => {
      const view = JSON.parse(result.view) as { users: { user: { exec: { env: { name: string }[] } } }[] };
      for (const { user } of view.users) user.exec.env.sort((a, b) => a.name.localeCompare(b.name));
      return { ...result, view };
    };
    expect(byName(ours)).toEqual(byName(await written("kubectl")));
  });

  test("-o as kubectl's printer flags read it: json, yaml and name in any case; a format that takes no argument refuses one; -o= is the format `=`", async ({
    kubeconfig,
    namespace,
  }) => {
    await configMaps(namespace);
    const ns = ["-n", namespace];
    await expectEachSame(
      [
        ["get", "cm", ...ns, "-o", "NAME"],
        ["get", "cm", "alpha", ...ns, "-o", "Json"],
        ["events", ...ns, "-o", "JSON"],
        ["auth", "whoami", "-o", "YAML"],
        ["config", "view", "-o", "Json"],
        ["wait", "cm/alpha", ...ns, "--for=create", "-o", "NAME"],
      ],
      kubeconfig,
      0,
    );
    await expectEachSame(
      [
        ["get", "cm", ...ns, "-o", "json=x"],
        ["get", "cm", ...ns, "-o="],
        ["get", "cm", ...ns, "-o", "name=x"],
        ["get", "cm", ...ns, "-o", "wide="],
        ["get", "cm", ...ns, "-o", "WIDE"],
        ["get", "cm", ...ns, "-o", "JSONPATH={.items}"],
        ["events", ...ns, "-o", "yaml=x"],
        ["config", "view", "-o", "name="],
        ["version", "-o", "JSON"],
      ],
      kubeconfig,
      1,
    );
  });

  test("a name with a selector is refused in kubectl's words (describe: its builder's; wait: by how the name is written)", async ({
    kubeconfig,
    namespace,
  }) => {
    await configMaps(namespace);
    const ns = ["-n", namespace];
    await expectEachSame(
      [
        ["describe", "cm", "alpha", ...ns, "-l", "app=web"],
        ["describe", "cm/alpha", ...ns, "-l", "app=web"],
        ["wait", "cm/alpha", ...ns, "-l", "app=web", "--for=create"],
        ["wait", "cm", "alpha", ...ns, "--field-selector=metadata.name=alpha", "--for=create"],
      ],
      kubeconfig,
      1,
    );
    // An empty selector selects nothing away: the name is read.
    await expectEachSame([["describe", "cm", "beta", ...ns, "-l", "", "--show-events=false"]], kubeconfig, 0);
  });

  test("a boolean value Go's strconv.ParseBool refuses is refused as kubectl refuses it", async ({
    kubeconfig,
    namespace,
  }) => {
    await expectEachSame(
      [
        ["get", "cm", "-n", namespace, "--no-headers=maybe"],
        ["get", "cm", "-n", namespace, "-A=yes"],
        ["get", "cm", "-n", namespace, "--watch="],
        ["api-resources", "--cached=2"],
        ["auth", "can-i", "--list=sure"],
        ["wait", "cm/x", "-n", namespace, "--all=no", "--for=delete"],
      ],
      kubeconfig,
      1,
    );
  });
});
