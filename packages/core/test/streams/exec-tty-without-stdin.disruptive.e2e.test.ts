// An exec with a terminal and no stdin (`tty=true`, no `stdin`), as an API client may send it: the API allows
// it and a real kubelet serves it. kubectl 1.32 never sends it (it drops -t without -i), and kr8s's exec
// always opens stdin with a terminal, so this test speaks the wire directly. kwok v0.7 read from a nil stdin
// and its controller died of a nil-pointer panic: tools/kwok/patch.sh fixes it (fix 3).
// In the disruptive project because on a cluster started from an unpatched kwok build it kills
// kwok-controller for everyone; run it on a cluster started from the patched build.
import { afterEach } from "vitest";
import { exec, type Api } from "@kr8s/core";
import { runSession } from "../../src/streams/session.ts";
import { expect, runningPod, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect } from "../support.ts";

afterEach(async () => {
  await closeApis();
});

async function ttyWithoutStdin(k: Api, namespace: string, pod: string, command: string[]) {
  const { socket, protocol } = await k.openWebSocket(`/api/v1/namespaces/${namespace}/pods/${pod}/exec`, {
    query: { command, container: pod, stdout: true, tty: true },
    protocols: ["v5.channel.k8s.io"],
    paused: true,
  });
  expect(protocol).toBe("v5.channel.k8s.io");
  return runSession(socket, { canCloseStdin: true, what: `exec in ${namespace}/${pod}` });
}

test("an exec with a TTY and no stdin prints through the terminal, and the node keeps serving exec", async ({
  kubeconfig,
  namespace,
}) => {
  const pod = await runningPod(namespace);
  const k = await connect({ kubeconfig, namespace });
  const result = await ttyWithoutStdin(k, namespace, pod, [
    "sh",
    "-c",
    "test -t 1 && echo stdout is a terminal",
  ]);
  // The terminal turns "\n" into "\r\n": proof the output went through one.
  expect(result.stdout.toString("utf8")).toBe("stdout is a terminal\r\n");
  expect(result.status?.status).toBe("Success");
  // kwok-controller is alive: the next exec on the node is served.
  const next = await exec(k, { name: pod }, ["echo", "still serving"]);
  expect(next.stdout).toBe("still serving\n");
});
