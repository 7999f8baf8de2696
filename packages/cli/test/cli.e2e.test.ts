// The kr8s CLI against the cluster under test (the local control plane or KR8S_TEST_KUBECONFIG's), compared
// with the real kubectl on the same cluster. Tests that need the local control plane's own users are in
// cli.harness.e2e.test.ts.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { kubeconfigFor, serviceAccountToken } from "../../core/test/support.ts";
import { comparableVersion, unreachableKubeconfig } from "./parity.ts";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

describe("kr8s against the cluster under test", () => {
  test("auth whoami prints exactly what kubectl prints", async ({ kubeconfig }) => {
    const ours = await kr8s(["auth", "whoami", "--kubeconfig", kubeconfig]);
    const theirs = await kubectl(["auth", "whoami"]);
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  test("auth whoami -o json carries the same user as kubectl's", async ({ kubeconfig }) => {
    const ours = JSON.parse(
      (await kr8s(["auth", "whoami", "-o", "json", "--kubeconfig", kubeconfig])).stdout,
    ) as unknown;
    const theirs = JSON.parse((await kubectl(["auth", "whoami", "-o", "json"])).stdout) as {
      status: unknown;
    };
    expect(ours).toMatchObject({ kind: "SelfSubjectReview", status: theirs.status });
  });

  test("version shows the server version kubectl shows", async ({ kubeconfig }) => {
    const ours = await kr8s(["version", "--kubeconfig", kubeconfig]);
    const theirs = JSON.parse((await kubectl(["version", "-o", "json"])).stdout) as {
      serverVersion: { gitVersion: string };
    };
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+/);
    expect(ours.stdout).toContain(`Server Version: ${theirs.serverVersion.gitVersion}\n`);
  });

  test("version -o json and -o yaml: the server's version as kubectl prints it, the client's with kubectl's fields", async ({
    kubeconfig,
  }) => {
    for (const format of ["json", "yaml"] as const) {
      const [ours, theirs] = await Promise.all([
        kr8s(["version", "-o", format, "--kubeconfig", kubeconfig]),
        kubectl(["version", "-o", format]),
      ]);
      expect([ours.exitCode, theirs.exitCode]).toEqual([0, 0]);
      expect(comparableVersion(ours.stdout, format)).toEqual(comparableVersion(theirs.stdout, format));
    }
  });

  test("a denied request exits non-zero with the server's message, like kubectl", async ({ kubeconfig }) => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-cli-"));
    const file = join(dir, "config");
    // A kubeconfig whose user the server does not know: 401 after one credential refresh attempt.
    const { readKubeConfigFile } = await import("@kr8s/core");
    const config = await readKubeConfigFile(kubeconfig);
    await writeFile(
      file,
      stringify({
        ...config,
        users: [{ name: "kr8s-admin", user: { token: "definitely-not-valid" } }],
        contexts: config.contexts?.map((c) => ({
          name: c.name,
          context: { ...c.context, user: "kr8s-admin" },
        })),
      }),
    );
    const result = await kr8s(["version", "--kubeconfig", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: .*Unauthorized/im);
    expect(result.stderr).not.toContain("definitely-not-valid");
  });
});

/** A kubeconfig for a new service account of `namespace`, with a TokenRequest token (works on any cluster). */
async function serviceAccountKubeconfig(
  kubeconfig: string,
  namespace: string,
): Promise<{ file: string; token: string }> {
  const token = await serviceAccountToken(namespace, "verbose");
  const file = join(await mkdtemp(join(tmpdir(), "kr8s-cli-")), "config");
  await writeFile(file, stringify(await kubeconfigFor(kubeconfig, { token }, namespace)));
  return { file, token };
}

// kubectl (client-go's debugging round tripper): -v 6 one line per request with its status and time;
// -v 7 adds the request headers (the token masked); -v 8 adds the response headers and the bodies.
// kr8s prints no bodies yet; the lines and the headers follow kubectl's levels.
describe("-v prints what kubectl prints at each level, and never the token", () => {
  const response =
    /POST https:\/\/\S+\/apis\/authentication\.k8s\.io\/v1\/selfsubjectreviews 201 in \d+ milliseconds/;
  test.for([6, 7, 8])("-v %i", async (level, { kubeconfig, namespace }) => {
    const { file, token } = await serviceAccountKubeconfig(kubeconfig, namespace);
    const args = ["auth", "whoami", "--kubeconfig", file, "-v", String(level)];
    const [ours, theirs] = await Promise.all([
      kr8s(args),
      run(referenceKubectl, args, { timeoutMs: 60_000 }),
    ]);
    expect(ours.exitCode).toBe(0);
    expect(theirs.exitCode).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toMatch(response);

    expect(theirs.stderr.includes("Authorization: Bearer <masked>")).toBe(level >= 7);
    expect(ours.stderr.includes("authorization: Bearer <redacted>")).toBe(level >= 7);
    // `date` is a response header only.
    expect(/^\s+Date: /m.test(theirs.stderr)).toBe(level >= 8);
    expect(/^\s+date: /m.test(ours.stderr)).toBe(level >= 8);

    expect(ours.stderr + ours.stdout).not.toContain(token);
    expect(ours.stderr + ours.stdout).not.toContain(token.slice(-20));
  });
});

describe("kr8s with bad input", () => {
  test("a missing kubeconfig file is named in the error", async () => {
    const result = await kr8s(["version", "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error: ");
    expect(result.stderr).toContain("/nonexistent/kubeconfig");
  });

  test("broken YAML names the file and the line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-cli-"));
    const file = join(dir, "config");
    await writeFile(file, "apiVersion: v1\nclusters: [\n");
    const result = await kr8s(["auth", "whoami", "--kubeconfig", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error: invalid YAML at line \d+/);
    expect(result.stderr).toContain(file);
  });

  test("an unknown context lists the ones that exist", async ({ kubeconfig }) => {
    const result = await kr8s(["version", "--kubeconfig", kubeconfig, "--context", "nope"]);
    expect(result.exitCode).toBe(1);
    const current = await kubectl(["config", "current-context"]);
    expect(result.stderr).toContain('context "nope" not found');
    expect(result.stderr).toContain(current.stdout.trim());
  });

  test("an unreachable server fails fast: at most 3 attempts, under a second of backoff, the URL and a hint", async () => {
    const file = await unreachableKubeconfig("t0ken-that-must-not-leak");
    // -v 6 shows each attempt and each wait, so the test counts them instead of timing a busy machine.
    const result = await kr8s(["version", "--kubeconfig", file, "-v", "6"]);
    expect(result.exitCode).toBe(1);
    const attempts = result.stderr.match(/^GET https:\/\/127\.0\.0\.1:1\/version failed after /gm) ?? [];
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(attempts.length).toBeLessThanOrEqual(3);
    const waits = [...result.stderr.matchAll(/retrying in (\d+) milliseconds/g)].map((m) => Number(m[1]));
    expect(waits).toHaveLength(attempts.length - 1);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(1_000);
    expect(result.stderr).toContain("error: cannot reach the API server at https://127.0.0.1:1");
    expect(result.stderr).toMatch(/^ {2}is the API server running\? check `server:` in your kubeconfig$/m);
    expect(result.stderr + result.stdout).not.toContain("t0ken-that-must-not-leak");
  });
});
