// NODE_DEBUG=kr8s against the real control plane, as a bearer-token user: one line per exchange (after
// the configuration layer's one line), the server's own status codes, and never the token.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";
import { clusterEntry, kubeconfigFor, serviceAccountToken, tempDir } from "./support.ts";

const core = fileURLToPath(new URL("../src/index.ts", import.meta.url));

describe("NODE_DEBUG=kr8s", () => {
  test("one line per exchange with the server's status, and no token", async ({ kubeconfig, namespace }) => {
    const token = await serviceAccountToken(namespace, "debugged");
    const cluster = (await clusterEntry(kubeconfig)).name;
    const file = join(await tempDir("node-debug"), "config");
    await writeFile(file, stringify(await kubeconfigFor(kubeconfig, { token })));
    const script = `
      const { api } = await import(${JSON.stringify(core)});
      const k = await api({ kubeconfig: ${JSON.stringify(file)} });
      console.log((await k.whoami()).username);
      await k.version();
      await k.request({ path: "/api/v1/namespaces/kube-system/secrets" }).catch(() => undefined);
      await k.close();
    `;
    const result = await run(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, NODE_DEBUG: "kr8s" },
      timeoutMs: 60_000,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`system:serviceaccount:${namespace}:debugged`);
    const lines = result.stderr
      .split("\n")
      .filter((line) => /^KR8S \d+: /.test(line))
      .map((line) =>
        line
          .replace(/^KR8S \d+: (#\d+\.\d+ )?/, "")
          .replace(/https:\/\/[^/]+/, "")
          .replace(/\d+ ms/, "N ms"),
      );
    expect(lines).toEqual([
      // The configuration layer's one line per resolved connection.
      `config: context test (cluster ${cluster}, user test-user) from ${file}`,
      "POST /apis/authentication.k8s.io/v1/selfsubjectreviews -> 201 in N ms",
      "GET /version -> 200 in N ms",
      "GET /api/v1/namespaces/kube-system/secrets -> 403 in N ms",
    ]);
    expect(result.stderr).not.toContain(token);
  });
});
