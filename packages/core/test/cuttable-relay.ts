// A TCP relay in front of the API server whose connections a test can cut, and a kubeconfig that goes
// through it: a dropped connection without restarting the API server every other test uses.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CuttableRelay {
  /** A copy of `kubeconfig` whose server URL points at the relay. */
  kubeconfig: string;
  /** Resets every connection through the relay; new ones are relayed again. */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a relay to `server` (the API server URL) and writes a kubeconfig using it. */
export async function cuttableRelay(kubeconfig: string, server: string): Promise<CuttableRelay> {
  const target = new URL(server);
  const sockets = new Set<Socket>();
  const relay = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname);
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const drop = (): void => {
      inbound.destroy();
      outbound.destroy();
      sockets.delete(inbound);
      sockets.delete(outbound);
    };
    inbound.on("error", drop).on("close", drop);
    outbound.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const { port } = relay.address() as { port: number };
  const dir = await mkdtemp(join(tmpdir(), "kr8s-relay-"));
  const relayed = join(dir, "kubeconfig");
  await writeFile(
    relayed,
    (await readFile(kubeconfig, "utf8")).replaceAll(target.origin, `https://127.0.0.1:${port}`),
  );
  return {
    kubeconfig: relayed,
    cut: () => {
      for (const s of sockets) s.resetAndDestroy();
      sockets.clear();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      // The kubeconfig copy holds the admin credentials: do not leave it behind.
      await rm(dir, { recursive: true, force: true });
    },
  };
}
