/** `kubectl describe service` (kubectl's `ServiceDescriber`, v1.32, which reads EndpointSlices). */
import { formatLabels } from "../labels.ts";
import { describeEvents, printObjectHeader } from "./sections.ts";
import type { DescribedEvent, Described, StringMap } from "./types.ts";
import { tabbedString } from "./writer.ts";

interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service extends Described {
  spec?: {
    type?: string;
    selector?: StringMap;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
    externalIPs?: string[];
    loadBalancerIP?: string;
    externalName?: string;
    ports?: ServicePort[];
    sessionAffinity?: string;
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
    healthCheckNodePort?: number;
    loadBalancerSourceRanges?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } };
}

/** A discovery.k8s.io/v1 EndpointSlice, as the Endpoints line reads it. */
export interface EndpointSlice {
  ports?: { name?: string; port?: number }[] | null;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] | null;
}

/** Go's `net.JoinHostPort`: IPv6 addresses in brackets. */
function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** How many endpoints the Endpoints line lists before `+ N more...`. */
const SHOWN_ENDPOINTS = 3;

/**
 * kubectl's `formatEndpointSlices`: the ready endpoints of the slices for the port named `portName`
 * (`10.0.0.1:80,10.0.0.2:80 + 2 more...`), addresses alone for slices without ports, `<none>` without slices.
 */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string | undefined): string {
  if (slices.length === 0) return "<none>";
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (text: string): void => {
    if (list.length === SHOWN_ENDPOINTS) more = true;
    if (!more) list.push(text);
    count++;
  };
  for (const slice of slices) {
    const endpoints = (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
    if (!slice.ports || slice.ports.length === 0) {
      for (const endpoint of endpoints) add(endpoint.addresses[0] ?? "");
      continue;
    }
    for (const port of slice.ports) {
      if (portName !== undefined && (port.name ?? "") !== portName) continue;
      for (const endpoint of endpoints) add(joinHostPort(endpoint.addresses[0] ?? "", port.port ?? 0));
    }
  }
  const text = list.join(",");
  return more ? `${text} + ${count - SHOWN_ENDPOINTS} more...` : text;
}

/** LoadBalancer ingress points: `1.2.3.4 (VIP), lb.example.com`. */
function ingressString(ingress: { ip?: string; hostname?: string; ipMode?: string }[]): string {
  return ingress
    .map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : (i.hostname ?? "")))
    .join(", ");
}

/**
 * A Service, with the endpoints of each port from the EndpointSlices labelled with its name
 * (`kubernetes.io/service-name`). `events` undefined: `--show-events=false`.
 */
export function describeService(
  service: Service,
  slices: readonly EndpointSlice[],
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const spec = service.spec ?? {};
  return tabbedString((w) => {
    printObjectHeader(w, service.metadata);
    w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy !== undefined) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(",") : "<none>"}\n`);
    w.write(0, `IP:\t${spec.clusterIP ?? ""}\n`);
    w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(",") : "<none>"}\n`);
    if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
    if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(0, `LoadBalancer Ingress:\t${ingressString(ingress)}\n`);
    for (const port of spec.ports ?? []) {
      const name = port.name || "<unset>";
      const protocol = port.protocol ?? "";
      w.write(0, `Port:\t${name}\t${port.port}/${protocol}\n`);
      // An unset targetPort is the port itself (the server defaults it).
      w.write(0, `TargetPort:\t${port.targetPort ?? 0}/${protocol}\n`);
      if (port.nodePort) w.write(0, `NodePort:\t${name}\t${port.nodePort}/${protocol}\n`);
      w.write(0, `Endpoints:\t${formatEndpointSlices(slices, port.name ?? "")}\n`);
    }
    w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy !== undefined)
      w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length)
      w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
    if (events) describeEvents(w, events, now);
  });
}
