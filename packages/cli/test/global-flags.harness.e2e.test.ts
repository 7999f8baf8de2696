// kubectl's credential flags with the local control plane's own users (the `kr8s-token` static token, the
// admin's certificate files), in kr8s and kubectl v1.33, compared. Run by the `cli:e2e-harness` project.
import { describe, expect, test } from "@kr8s/test-utils/fixtures";
import { localCluster } from "../../core/test/support.ts";
import { expectSame, sameAsKubectl } from "./parity.ts";

function harnessUser(auth: "token" | "client-certificate") {
  const user = localCluster().users.find((u) => u.auth === auth);
  if (!user) throw new Error(`the local control plane has no ${auth} user`);
  return user;
}

describe("credential flags with the local control plane's users", () => {
  test("--token with kr8s-token's static token over the admin context: both are sent, the certificate wins", async ({
    kubeconfig,
  }) => {
    const { token } = harnessUser("token");
    if (token === undefined) throw new Error("the token user has no token");
    // The admin user's client certificate goes too, and the server prefers it (kubectl does the same).
    const pair = await sameAsKubectl(["auth", "whoami", "--token", token], kubeconfig);
    expectSame(pair);
    expect(pair.ours.stdout).toMatch(/Username\s+kr8s-admin\n/);
  });

  test("--user kr8s-token, and --token replacing kr8s-token's own token", async ({ kubeconfig }) => {
    const { token } = harnessUser("token");
    if (token === undefined) throw new Error("the token user has no token");
    const byUser = await sameAsKubectl(["auth", "whoami", "--user", "kr8s-token"], kubeconfig);
    expectSame(byUser);
    expect(byUser.ours.stdout).toMatch(/Username\s+kr8s-token-user\n/);
    const byToken = await sameAsKubectl(
      ["auth", "whoami", "--context", "kr8s-token", "--token", token],
      kubeconfig,
    );
    expectSame(byToken);
    expect(byToken.ours.stdout).toBe(byUser.ours.stdout);
  });

  test("--client-certificate and --client-key: over a token user, and refused over certificate data", async ({
    kubeconfig,
  }) => {
    const { clientCert, clientKey } = harnessUser("client-certificate");
    if (clientCert === undefined || clientKey === undefined)
      throw new Error("the admin has no certificate files");
    const pair = await sameAsKubectl(
      [
        "auth",
        "whoami",
        "--user",
        "kr8s-token",
        "--client-certificate",
        clientCert,
        "--client-key",
        clientKey,
      ],
      kubeconfig,
    );
    expectSame(pair);
    expect(pair.ours.stdout).toMatch(/Username\s+kr8s-admin\n/);
    for (const [args, line] of [
      [
        ["--client-certificate", clientCert],
        "error: client-cert-data and client-cert are both specified for kr8s-admin. client-cert-data will override.",
      ],
      [
        ["--user", "kr8s-token", "--client-certificate", clientCert],
        "error: client-key-data or client-key must be specified for kr8s-token to use the clientCert authentication method.",
      ],
      [
        ["--user", "kr8s-token", "--username", "bob", "--password", "pw"],
        "error: more than one authentication method found for kr8s-token; found [token basicAuth], only one is allowed",
      ],
    ] as const) {
      const { ours, theirs } = await sameAsKubectl(["auth", "whoami", ...args], kubeconfig);
      expect(theirs.stderr).toBe(`${line}\n`);
      expect(ours.stderr.split("\n")[0]).toBe(line);
      expect([ours.exitCode, theirs.exitCode]).toEqual([1, 1]);
    }
  });
});
