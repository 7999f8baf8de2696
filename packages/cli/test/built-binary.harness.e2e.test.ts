// The built binary (test/built-kr8s.ts) with what only the local control plane has: its OIDC issuer. The
// bundle loads the part of undici that `request` needs only on first use (scripts/undici-slim.mjs); an expired
// id-token's refresh is what uses it.
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { readKubeConfigFile } from "@kr8s/core";
import { clusterInfo, describe, expect, test } from "@kr8s/test-utils/fixtures";
import { mintIdToken, mintRefreshToken } from "@kr8s/test-utils/oidc-issuer";
import { buildBeforeAll, builtKr8s } from "./built-kr8s.ts";

describe("the built kr8s binary against the local OIDC issuer", () => {
  buildBeforeAll();

  test("an expired id-token is refreshed at the issuer and the server sees the user", async ({
    kubeconfig,
  }) => {
    const oidc = clusterInfo()?.oidc;
    if (!oidc)
      throw new Error("this test needs the local control plane (cluster.json): unset KR8S_TEST_KUBECONFIG");
    const sub = `built-${randomBytes(4).toString("hex")}`;
    const admin = await readKubeConfigFile(kubeconfig);
    const cluster = admin.clusters?.find((c) => c.name === admin.contexts?.[0]?.context.cluster);
    if (!cluster) throw new Error(`no cluster in ${kubeconfig}`);
    const file = join(await mkdtemp(join(tmpdir(), "kr8s-oidc-")), "config");
    const config = {
      apiVersion: "v1",
      kind: "Config",
      clusters: [cluster],
      contexts: [{ name: "oidc", context: { cluster: cluster.name, user: "oidc" } }],
      "current-context": "oidc",
      users: [
        {
          name: "oidc",
          user: {
            "auth-provider": {
              name: "oidc",
              config: {
                "idp-issuer-url": oidc.issuer,
                "client-id": oidc.clientId,
                "client-secret": oidc.clientSecret,
                "idp-certificate-authority": oidc.caCert,
                "id-token": mintIdToken(oidc, { sub, expiresInSeconds: -120 }),
                "refresh-token": mintRefreshToken(oidc, { sub }),
              },
            },
          },
        },
      ],
    };
    await writeFile(file, stringify(config), { mode: 0o600 });

    const result = await builtKr8s(["auth", "whoami", "--kubeconfig", file]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`oidc:${sub}`);
  });
});
