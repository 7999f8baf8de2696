// Flags written the way kubectl users write them (pflag's syntax): a boolean with `=true`/`=false`, `-A=false`,
// a flag given twice (the last wins), a bad boolean value. kr8s and kubectl v1.33 run on the same arguments
// against the same namespace: stdout, stderr and exit code compared.
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
  for (const args of commandLines) {
    const pair = await sameAsKubectl(args, kubeconfig);
    expect(pair.theirs.exitCode, `kubectl ${args.join(" ")}`).toBe(exit);
    expectSame(pair);
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
