// A client that outlives its API server: the pooled keep-alive connections die with the server, and the
// next request after the restart must succeed on the same client without the caller doing anything.
// Runs in its own vitest project, after the other e2e tests, because it takes the API server away.
import { afterAll } from "vitest";
import { api, ConnectionError } from "@kr8s/core";
import { expect, test } from "@kr8s/test-utils/fixtures";
import { killApiServer } from "@kr8s/test-utils/restart";

let restarted: Promise<void> | undefined;
afterAll(async () => {
  await restarted; // never leave the cluster without its API server
});

test("a killed and restarted API server is survived by the next request", async ({ kubeconfig }) => {
  const k = await api({ kubeconfig });
  try {
    // Open pooled connections (GET and POST) before the server goes away.
    expect((await k.version()).major).toBe("1");
    expect((await k.whoami()).username).toBe("kr8s-admin");

    const killed = await killApiServer();
    const whileDown = await k.version().catch((error: unknown) => error);
    expect(whileDown).toBeInstanceOf(ConnectionError);
    expect((whileDown as ConnectionError).message).toContain(k.server);

    restarted = killed.restart();
    await restarted;

    expect((await k.version()).major).toBe("1");
    expect((await k.whoami()).username).toBe("kr8s-admin");
  } finally {
    await k.close();
  }
});
