// Validates KWOK's kubelet simulation through the API server with the real kubectl: exec, logs, attach
// and port-forward. The expectations are the harness's conventions (packages/test-utils/README.md), so these
// tests only run against the local cluster.
import { appendFile } from "node:fs/promises";
import {
  clusterInfo,
  describe,
  expect,
  kubectl,
  runningPod,
  spawnKubectl,
  startPortForwardTarget,
  test,
} from "@kr8s/test-utils/fixtures";

const info = clusterInfo();

describe("kwok simulation", () => {
  test("exec returns the command's output and exit code", async ({ namespace }) => {
    const pod = await runningPod(namespace);
    const result = await kubectl(["exec", pod, "--", "sh", "-c", "echo hi; echo oops >&2; exit 3"], {
      namespace,
    });
    expect(result.stdout).toBe("hi\n");
    expect(result.stderr).toContain("oops");
    expect(result.exitCode).toBe(3);

    const pwd = await kubectl(["exec", pod, "--", "pwd"], { namespace });
    expect(pwd.exitCode, pwd.stderr).toBe(0);
    expect(pwd.stdout.trim()).toBe(info?.simulation.execWorkdir);
  });

  test("exec passes stdin through", async ({ namespace }) => {
    const pod = await runningPod(namespace);
    const result = await kubectl(["exec", "-i", pod, "--", "cat"], { namespace, input: "from stdin\n" });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe("from stdin\n");
  });

  test("logs returns the configured lines", async ({ namespace }) => {
    const pod = await runningPod(namespace);
    const logs = await kubectl(["logs", pod], { namespace });
    expect(logs.exitCode, logs.stderr).toBe(0);
    expect(logs.stdout).toBe(info?.simulation.podLogLines.map((l) => `${l}\n`).join(""));

    const last = await kubectl(["logs", pod, "--tail=1", "--timestamps"], { namespace });
    expect(last.stdout).toBe(`2024-01-01T00:00:02.000000000Z ${info?.simulation.podLogLines.at(-1)}\n`);
  });

  test("attach streams lines appended to the attach file", async ({ namespace }) => {
    const pod = await runningPod(namespace);
    const child = spawnKubectl(["attach", pod], { namespace });
    try {
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      const marker = `attached-${namespace}`;
      // Attach only sees lines written after it connected, so keep appending until one arrives.
      const deadline = Date.now() + 30_000;
      while (!out.includes(marker) && Date.now() < deadline) {
        await appendFile(
          info?.simulation.attachLogFile ?? "",
          `${new Date().toISOString()} stdout F ${marker}\n`,
        );
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(out).toContain(marker);
    } finally {
      child.kill();
    }
  });

  test("port-forward reaches a local server on the same port", async ({ namespace }) => {
    const pod = await runningPod(namespace);
    const { server, port } = await startPortForwardTarget((_req, res) => res.end(`hello from ${namespace}`));
    const child = spawnKubectl(["port-forward", `pod/${pod}`, `:${port}`, "--address=127.0.0.1"], {
      namespace,
    });
    try {
      let out = "";
      const localPort = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Forwarding from" in 30 s: ${out}`)), 30_000);
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const match = /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            expect(Number(match[2])).toBe(port);
            resolve(Number(match[1]));
          }
        });
        child.on("exit", (code) => reject(new Error(`kubectl port-forward exited ${code}: ${out}`)));
      });
      const response = await fetch(`http://127.0.0.1:${localPort}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`hello from ${namespace}`);
    } finally {
      child.kill();
      server.closeAllConnections(); // fetch keeps its connection alive
      server.close();
    }
  });
});
