// The kr8s CLI against the local control plane, compared with the real kubectl on the same cluster.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, kubectl, test } from "../../../scripts/cluster/fixtures.ts";
import { clusterInfo } from "../../../scripts/cluster/fixtures.ts";
import { kr8s } from "./run-cli.ts";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";

describe("kr8s against the local control plane", () => {
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

  test("--context picks another user from the kubeconfig", async ({ kubeconfig }) => {
    const ours = await kr8s(["auth", "whoami", "--kubeconfig", kubeconfig, "--context", "kr8s-token"]);
    const theirs = await kubectl(["auth", "whoami"], { context: "kr8s-token" });
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain("kr8s-token-user");
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

  test("-v 6 logs each request and never the bearer token", async ({ kubeconfig }) => {
    const token = clusterInfo()?.tokenUsers[0]?.token;
    if (!token) throw new Error("this test needs the local control plane's static token user");
    const result = await kr8s([
      "auth",
      "whoami",
      "--kubeconfig",
      kubeconfig,
      "--context",
      "kr8s-token",
      "-v",
      "8",
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(
      /POST https:\/\/127\.0\.0\.1:\d+\/apis\/authentication\.k8s\.io\/v1\/selfsubjectreviews 201 in \d+ milliseconds/,
    );
    expect(result.stderr).toContain("authorization: Bearer <redacted>");
    expect(result.stderr + result.stdout).not.toContain(token);
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
    expect(result.stderr).toContain("nope");
    expect(result.stderr).toContain("kr8s-admin");
  });

  test("an unreachable server fails fast: at most 3 attempts, under a second of backoff, the URL and a hint", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kr8s-cli-"));
    const file = join(dir, "config");
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await writeFile(
      file,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
          { name: "gone", cluster: { server: "https://127.0.0.1:1", "insecure-skip-tls-verify": true } },
        ],
        users: [{ name: "u", user: { token: "t0ken-that-must-not-leak" } }],
        contexts: [{ name: "gone", context: { cluster: "gone", user: "u" } }],
        "current-context": "gone",
      }),
    );
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
