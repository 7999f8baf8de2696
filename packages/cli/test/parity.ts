// Runs kr8s and kubectl v1.33 on the same arguments and compares what a user sees: stdout, stderr and the
// exit code, ages normalised (the clock moves between the two runs).
import { run, type RunResult } from "@kr8s/test-utils/exec";
import { expect } from "@kr8s/test-utils/fixtures";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

/** Both runs of one command. */
export interface Pair {
  ours: RunResult;
  theirs: RunResult;
}

/** An age as kubectl prints it (`5s`, `3m12s`, `2d`). */
const AGE = /\b\d+[smhdy](?:\d+[smh])?\b/g;

/** Ages replaced by as many `x`: the alignment around them is still compared. */
export function normaliseAges(text: string): string {
  return text.replace(AGE, (age) => "x".repeat(age.length));
}

/** What is compared: `normalise` rewrites both stdouts the same way (after the ages). */
export function comparable(
  result: RunResult,
  normalise: (stdout: string) => string = (s) => s,
): { exitCode: number; stdout: string; stderr: string } {
  return {
    exitCode: result.exitCode,
    stdout: normalise(normaliseAges(result.stdout)),
    // kubectl names itself in usage messages; kr8s names itself.
    stderr: normaliseAges(result.stderr).replaceAll("kr8s ", "kubectl ").replaceAll("'kr8s", "'kubectl"),
  };
}

/**
 * Runs kr8s and kubectl with the same arguments. An age can change width between the two runs (`9s` →
 * `10s`, re-aligning a table), so a mismatch is retried twice before it counts.
 */
export async function sameAsKubectl(
  args: readonly string[],
  kubeconfig: string,
  options: { input?: string; normalise?: (stdout: string) => string } = {},
): Promise<Pair> {
  const full = [...args, "--kubeconfig", kubeconfig];
  const stdin = options.input === undefined ? {} : { input: options.input };
  let last: Pair | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [ours, theirs] = await Promise.all([
      kr8s(full, stdin),
      run(referenceKubectl, full, { timeoutMs: 60_000, ...stdin }),
    ]);
    last = { ours, theirs };
    if (
      JSON.stringify(comparable(ours, options.normalise)) ===
      JSON.stringify(comparable(theirs, options.normalise))
    )
      break;
  }
  if (!last) throw new Error("unreachable");
  return last;
}

/** Each command, run by kr8s and kubectl, succeeds and prints the same description. */
export async function expectDescribedLikeKubectl(
  commands: readonly (readonly string[])[],
  kubeconfig: string,
): Promise<void> {
  for (const args of commands) {
    const result = await sameAsKubectl(args, kubeconfig);
    expect(result.ours.exitCode, args.join(" ")).toBe(0);
    expect(result.ours.stdout, args.join(" ")).toMatch(/^Name:/);
    expectSame(result);
  }
}

/** Expects both runs to show the same thing. */
export function expectSame({ ours, theirs }: Pair, normalise?: (stdout: string) => string): void {
  expect(comparable(ours, normalise)).toEqual(comparable(theirs, normalise));
}

/**
 * `version`'s output with the version values normalised (kr8s's are not kubectl's), and the two things
 * kr8s does not print like kubectl (its README says so): kubectl's Kustomize version (kr8s has no
 * kustomize) and kr8s's `nodeVersion`.
 */
export function comparableVersion(stdout: string, format: "text" | "json" | "yaml"): unknown {
  if (format === "text")
    return stdout.replace(/^(Client Version: ).*$/m, "$1x").replace(/^Kustomize Version: .*\n/m, "");
  const VALUES = [
    "major",
    "minor",
    "gitVersion",
    "gitCommit",
    "gitTreeState",
    "buildDate",
    "goVersion",
    "compiler",
  ];
  const parsed = (format === "json" ? JSON.parse(stdout) : parseYaml(stdout)) as {
    clientVersion: Record<string, string>;
    kustomizeVersion?: string;
  };
  delete parsed.kustomizeVersion;
  const client = Object.fromEntries(
    Object.entries(parsed.clientVersion)
      .filter(([key]) => key !== "nodeVersion")
      .map(([key, value]) => [key, VALUES.includes(key) ? "x" : value]),
  );
  // Key order is compared too: kubectl's JSON follows Go's struct, its YAML is sorted.
  return JSON.stringify({ ...parsed, clientVersion: client });
}

/**
 * A kubeconfig whose server is port 1 on loopback: nothing listens there, so a connection is refused at
 * once. `token` is its user's token (tests check that it never shows).
 */
export async function unreachableKubeconfig(token: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "kr8s-cli-")), "config");
  await writeFile(
    file,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name: "gone", cluster: { server: "https://127.0.0.1:1", "insecure-skip-tls-verify": true } },
      ],
      users: [{ name: "u", user: { token } }],
      contexts: [{ name: "gone", context: { cluster: "gone", user: "u" } }],
      "current-context": "gone",
    }),
  );
  return file;
}
