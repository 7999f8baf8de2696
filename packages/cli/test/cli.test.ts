// The CLI without a cluster: help, the client version, and a clean error for an unknown command.
import { describe, expect, it } from "vitest";
import { kr8s } from "./run-cli.ts";

const noCluster = { ...process.env, KUBECONFIG: "/nonexistent/kubeconfig", HOME: "/nonexistent" };

describe("kr8s without a cluster", () => {
  it("--help lists the commands and topics", async () => {
    const result = await kr8s(["--help"], { env: noCluster });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("$ kr8s [COMMAND]");
    expect(result.stdout).toMatch(/^\s+version\s+Print the client and server version information\./m);
    expect(result.stdout).toMatch(/^\s+auth\s+/m);
  });

  it("version --client needs no kubeconfig", async () => {
    const text = await kr8s(["version", "--client"], { env: noCluster });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n$/);

    const json = await kr8s(["version", "--client", "-o", "json"], { env: noCluster });
    expect(JSON.parse(json.stdout)).toMatchObject({
      clientVersion: {
        gitVersion: expect.stringMatching(/^v\d/) as unknown,
        platform: `${process.platform}/${process.arch}`,
      },
    });
  });

  it("version without --client and without a kubeconfig explains what to do", async () => {
    const result = await kr8s(["version"], { env: noCluster });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error: ");
    expect(result.stderr).toContain("/nonexistent/kubeconfig");
  });

  it("an unknown command exits non-zero", async () => {
    const result = await kr8s(["definitely-not-a-command"], { env: noCluster });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("definitely-not-a-command");
  });
});
