// The kr8s CLI with what only the local control plane has (its `kr8s-token` context for an unprivileged
// static-token user), compared with the real kubectl. Run by the `cli:e2e-harness` project.
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { kr8s } from "./run-cli.ts";

describe("kr8s against the local control plane's own users", () => {
  test("--context picks another user from the kubeconfig", async ({ kubeconfig }) => {
    const ours = await kr8s(["auth", "whoami", "--kubeconfig", kubeconfig, "--context", "kr8s-token"]);
    const theirs = await kubectl(["auth", "whoami"], { context: "kr8s-token" });
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain("kr8s-token-user");
  });
});
