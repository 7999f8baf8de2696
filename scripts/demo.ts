// The README's first command (`npm run demo`): start the local control plane (building it on first use),
// then show the kr8s CLI and the @kr8s/core library working against it. The cluster stays up afterwards
// so you can keep exploring; `npm run cluster -- down` stops it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { api } from "@kr8s/core";
import { clusterUp } from "@kr8s/test-utils/cluster";

const cliBin = fileURLToPath(new URL("../packages/cli/bin/dev.js", import.meta.url));

function heading(text: string): void {
  process.stdout.write(`\n\u001b[1m== ${text}\u001b[0m\n`);
}

/** Runs a command, echoing it first like a terminal session; the demo stops at the first failure. */
function show(display: string, command: string, args: string[]): void {
  process.stdout.write(`$ ${display}\n`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`demo: \`${display}\` failed (exit ${result.status ?? result.signal})\n`);
    process.exit(1);
  }
}

heading("Starting the local control plane (kube-apiserver, etcd, controller-manager, scheduler, KWOK)");
const { kubeconfig, reused } = await clusterUp();
process.stdout.write(
  `${reused ? "reusing the running cluster" : "cluster started"}; kubeconfig: ${kubeconfig}\n`,
);

heading("The kr8s CLI");
const kr8s = (args: string[]): void =>
  show(`kr8s ${args.join(" ")}`, process.execPath, [
    "--conditions=@kr8s/source",
    cliBin,
    ...args,
    "--kubeconfig",
    kubeconfig,
  ]);
kr8s(["version"]);
kr8s(["auth", "whoami"]);
kr8s(["auth", "whoami", "--context", "kr8s-token"]);

heading("The same cluster through kubectl, the reference client");
show("kubectl get nodes", "kubectl", ["--kubeconfig", kubeconfig, "get", "nodes"]);

heading("The @kr8s/core library");
const k = await api({ kubeconfig });
process.stdout.write(
  `api(): server ${k.server}, context ${k.contextName ?? "-"}, namespace ${k.namespace}\n`,
);
process.stdout.write(`version(): ${(await k.version()).gitVersion}\n`);
const me = await k.whoami();
process.stdout.write(`whoami(): ${me.username} in [${me.groups.join(", ")}]\n`);
const namespaces = await k.request<{ items: { metadata: { name: string } }[] }>({
  method: "GET",
  path: "/api/v1/namespaces",
});
process.stdout.write(
  `request(GET /api/v1/namespaces): ${namespaces.items.map((n) => n.metadata.name).join(", ")}\n`,
);
await k.close();

heading("Done");
process.stdout.write(
  `The cluster is still up. Try:\n  export KUBECONFIG=${kubeconfig}\n  npm run kr8s -- auth whoami\n  npm run cluster -- down\n`,
);
