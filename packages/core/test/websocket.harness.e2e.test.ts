// The transport's WebSocket upgrade against the real API server: TLS, client certificate, subprotocol
// negotiation and the channel framing exec speaks (the exec API itself builds on this).
import { createTransport, resolveConnection } from "@kr8s/core";
import { expect, runningPod, test } from "@kr8s/test-utils/fixtures";

test("an exec WebSocket negotiates v5.channel.k8s.io and carries stdout and the exit status", async ({
  kubeconfig,
  namespace,
}) => {
  const pod = await runningPod(namespace);
  const transport = createTransport(await resolveConnection({ kubeconfig }));
  try {
    const { socket, protocol } = await transport.openWebSocket(
      `/api/v1/namespaces/${namespace}/pods/${pod}/exec`,
      {
        query: { command: ["sh", "-c", "echo from-exec; exit 4"], stdout: true, stderr: true },
        protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
      },
    );
    expect(protocol).toBe("v5.channel.k8s.io");
    const frames = new Map<number, string>();
    await new Promise<void>((resolve, reject) => {
      socket.on("message", (data: Buffer) => {
        const channel = data[0] ?? -1;
        frames.set(channel, (frames.get(channel) ?? "") + data.subarray(1).toString("utf8"));
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    expect(frames.get(1)).toBe("from-exec\n");
    const status = JSON.parse(frames.get(3) ?? "{}") as {
      status?: string;
      reason?: string;
      details?: { causes?: { reason?: string; message?: string }[] };
    };
    expect(status.status).toBe("Failure");
    expect(status.reason).toBe("NonZeroExitCode");
    expect(status.details?.causes).toContainEqual({ reason: "ExitCode", message: "4" });
  } finally {
    await transport.close();
  }
});
