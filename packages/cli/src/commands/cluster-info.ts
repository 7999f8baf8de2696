import { Kr8sCommand } from "../base-command.ts";
import { UsageError } from "../errors.ts";

/** A Service as far as cluster-info reads it. */
interface ClusterService {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: { name?: string; port: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export default class ClusterInfo extends Kr8sCommand<typeof ClusterInfo> {
  static override description =
    "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true (in kube-system, or -n). Like kubectl v1.32, no colours are printed.";
  static override examples = [
    "<%= config.bin %> <%= command.id %>",
    "<%= config.bin %> <%= command.id %> -n monitoring",
  ];
  // kubectl ignores arguments this command does not take.
  static override strict = false;
  static override summary = "Display cluster information.";

  async run(): Promise<void> {
    // Not silently the summary (arguments are otherwise ignored, as kubectl ignores them).
    if (this.positionals[0] === "dump")
      throw new UsageError("kr8s has no cluster-info dump: run kubectl cluster-info dump");
    const k = await this.api();
    // kubectl prints the hint under the output even when listing the services fails.
    try {
      const services = (await k.get("services", {
        namespace: this.flags.namespace ?? "kube-system",
        labelSelector: "kubernetes.io/cluster-service=true",
        raw: true,
      })) as unknown as ClusterService[];
      this.log(`Kubernetes control plane is running at ${k.server}`);
      for (const service of services) {
        const name = service.metadata.labels?.["kubernetes.io/name"] || service.metadata.name;
        this.log(`${name} is running at ${serviceLink(k.server, service)}`);
      }
    } finally {
      // kr8s has no `cluster-info dump`: the hint names kubectl's.
      this.log("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
    }
  }
}

/** kubectl's link for a cluster service: its load balancer's ports, else the API server's proxy URL. */
function serviceLink(server: string, service: ClusterService): string {
  const ports = service.spec?.ports ?? [];
  const ingress = service.status?.loadBalancer?.ingress?.[0];
  if (ingress) {
    const host = ingress.ip || ingress.hostname || "";
    return ports.map((port) => `http://${host}:${port.port} `).join("");
  }
  let name = service.metadata.name;
  const [port] = ports;
  if (port) {
    // kubectl guesses https from the port's name or number (apimachinery's JoinSchemeNamePort).
    const scheme = port.name === "https" || port.port === 443 ? "https" : "";
    const portName = port.name ?? "";
    if (scheme) name = `${scheme}:${name}:${portName}`;
    else if (portName) name = `${name}:${portName}`;
  }
  return `${server}/api/v1/namespaces/${service.metadata.namespace ?? "kube-system"}/services/${name}/proxy`;
}
