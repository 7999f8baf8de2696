// The kr8s CLI with what only the local control plane has (its `kr8s-token` context for an unprivileged
// static-token user), compared with the real kubectl. Run by the `cli:e2e-harness` project.
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { run } from "@kr8s/test-utils/exec";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

describe("kr8s against the local control plane's own users", () => {
  test("--context picks another user from the kubeconfig", async ({ kubeconfig }) => {
    const ours = await kr8s(["auth", "whoami", "--kubeconfig", kubeconfig, "--context", "kr8s-token"]);
    const theirs = await kubectl(["auth", "whoami"], { context: "kr8s-token" });
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain("kr8s-token-user");
  });
});

describe("kr8s get as the unprivileged token user", () => {
  test(
    "RBAC-denied: kubectl's Forbidden line, exit 1, nothing on stdout",
    { timeout: 120_000 },
    async ({ kubeconfig, namespace }) => {
      const args = ["get", "pods,cm", "-n", namespace, "--kubeconfig", kubeconfig, "--context", "kr8s-token"];
      const [ours, theirs] = await Promise.all([
        kr8s(args),
        run(referenceKubectl, args, { timeoutMs: 60_000 }),
      ]);
      expect(theirs.exitCode).toBe(1);
      expect(ours).toMatchObject({ exitCode: theirs.exitCode, stdout: theirs.stdout, stderr: theirs.stderr });
      expect(ours.stderr).toContain(
        'Error from server (Forbidden): pods is forbidden: User "kr8s-token-user"',
      );
    },
  );
});
