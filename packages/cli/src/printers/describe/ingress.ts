/**
 * kubectl's networking.k8s.io/v1 describers (v1.33): `ingress` (its rules with each backend's ready
 * endpoints), `ingressclass`, `networkpolicy` (its rules in prose), `servicecidr` and `ipaddress`.
 */
import { goTimeString } from "./format.ts";
import {
  describeEvents,
  formatLabelSelector,
  printAnnotations,
  printLabels,
  printTransitionConditions,
  type TransitionCondition,
} from "./sections.ts";
import { formatEndpointSlices, type EndpointSlice } from "./service.ts";
import type { DescribedEvent, Described, LabelSelector } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

interface Backend {
  service?: { name?: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind?: string; name?: string };
}

export interface Ingress extends Described {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: Backend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths?: { path?: string; backend?: Backend }[] } }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/**
 * What a backend service was read as: its ports and EndpointSlices, or the error of reading them (Go's
 * error text, `services "web" not found`).
 */
export type BackendService =
  { ports: { name?: string; port?: number }[]; slices: EndpointSlice[] } | { error: string };

/** The services an ingress's backends name (default and paths), each once. */
export function backendServices(ingress: Ingress): string[] {
  const backends = [
    ingress.spec?.defaultBackend,
    ...(ingress.spec?.rules ?? []).flatMap((rule) => (rule.http?.paths ?? []).map((path) => path.backend)),
  ];
  return [...new Set(backends.flatMap((b) => (b?.service?.name === undefined ? [] : [b.service.name])))];
}

/** kubectl's `describeBackendV1`: `web:80 (10.0.0.1:8080,…)`, or the resource a backend names. */
function backendText(backend: Backend, services: ReadonlyMap<string, BackendService>): string {
  const service = backend.service;
  if (service) {
    const port = service.port?.number ? String(service.port.number) : (service.port?.name ?? "");
    const label = `${service.name ?? ""}:${port}`;
    const read = services.get(service.name ?? "");
    if (!read) return label;
    if ("error" in read) return `${label} (<error: ${read.error}>)`;
    // The service port the backend names (by number or name): the last that matches, as kubectl's loop.
    let portName = "";
    for (const p of read.ports) {
      if (service.port?.number && service.port.number === p.port) portName = p.name ?? "";
      else if (service.port?.name && service.port.name === p.name) portName = p.name ?? "";
    }
    return `${label} (${formatEndpointSlices(read.slices, portName)})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? "<none>"}, Kind: ${r.kind ?? ""}, Name: ${r.name ?? ""}`;
  }
  return "";
}

/**
 * An ingress: address, class, default backend, TLS, each host's paths with their backends' endpoints
 * (`services`, read beforehand by name), annotations. `events` undefined: `--show-events=false`.
 */
export function describeIngress(
  ingress: Ingress,
  services: ReadonlyMap<string, BackendService>,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = ingress.metadata ?? {};
  const spec = ingress.spec ?? {};
  const addresses = [
    ...new Set(
      (ingress.status?.loadBalancer?.ingress ?? []).flatMap((i) =>
        i.ip ? [i.ip] : i.hostname ? [i.hostname] : [],
      ),
    ),
  ].sort();
  const defaultBackend = spec.defaultBackend ? backendText(spec.defaultBackend, services) : "<default>";
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    printLabels(w, "Labels", meta.labels);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    w.write(0, `Address:\t${addresses.join(",")}\n`);
    w.write(0, `Ingress Class:\t${spec.ingressClassName ?? "<none>"}\n`);
    w.write(0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(0, "TLS:\n");
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(",");
        w.write(1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(1, "----\t----\t--------\n");
    const withHttp = (spec.rules ?? []).filter((rule) => rule.http);
    for (const rule of withHttp) {
      w.write(1, `${rule.host || "*"}\t\n`);
      for (const path of rule.http?.paths ?? [])
        w.write(2, `\t${path.path ?? ""} \t${backendText(path.backend ?? {}, services)}\n`);
    }
    if (withHttp.length === 0) w.write(1, `*\t*\t${defaultBackend}\n`);
    printAnnotations(w, "Annotations", meta.annotations);
    if (events) describeEvents(w, events, now);
  });
}

export interface IngressClass extends Described {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}

/** An ingress class: its controller and parameters. */
export function describeIngressClass(
  ingressClass: IngressClass,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = ingressClass.metadata ?? {};
  const parameters = ingressClass.spec?.parameters;
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `Controller:\t${ingressClass.spec?.controller ?? ""}\n`);
    if (parameters) {
      w.write(0, "Parameters:\n");
      if (parameters.apiGroup !== undefined) w.write(1, `APIGroup:\t${parameters.apiGroup}\n`);
      w.write(1, `Kind:\t${parameters.kind ?? ""}\n`);
      w.write(1, `Name:\t${parameters.name ?? ""}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}

interface PolicyRule {
  ports?: { protocol?: string; port?: number | string; endPort?: number }[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}

export interface NetworkPolicy extends Described {
  spec?: {
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: PolicyRule[];
    egress?: PolicyRule[];
  };
}

/**
 * kubectl's `printNetworkPolicySpecIngressFrom` / `…EgressTo`: each rule's ports and peers, rules
 * separated by dashes. `direction` names what the peers are (`From`, `To`).
 */
function describePolicyRules(
  w: DescribeWriter,
  rules: readonly PolicyRule[] | undefined,
  direction: "From" | "To",
): void {
  const indent = "    ";
  const isolated = direction === "From" ? "ingress" : "egress";
  if (!rules?.length) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${isolated} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    if (!rule.ports?.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const port of rule.ports ?? []) {
      const protocol = port.protocol ?? "TCP";
      // Go's %s of a nil *IntOrString: `<nil>`.
      const number = port.port === undefined ? "<nil>" : String(port.port);
      w.write(
        0,
        port.endPort === undefined
          ? `${indent}To Port: ${number}/${protocol}\n`
          : `${indent}To Port Range: ${number}-${port.endPort}/${protocol}\n`,
      );
    }
    const peers = (direction === "From" ? rule.from : rule.to) ?? [];
    if (peers.length === 0)
      w.write(
        0,
        direction === "From"
          ? `${indent}From: <any> (traffic not restricted by source)\n`
          : `${indent}To: <any> (traffic not restricted by destination)\n`,
      );
    for (const peer of peers) {
      w.write(0, `${indent}${direction}:\n`);
      if (peer.namespaceSelector)
        w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      if (peer.podSelector) w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      if (!peer.namespaceSelector && !peer.podSelector && peer.ipBlock) {
        w.write(1, `${indent}IPBlock:\n`);
        w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ""}\n`);
        w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(", ")}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

/** A network policy: its pod selector, the ingress and egress it allows, its policy types. */
export function describeNetworkPolicy(policy: NetworkPolicy): string {
  const meta = policy.metadata ?? {};
  const spec = policy.spec ?? {};
  const types = spec.policyTypes ?? [];
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    w.write(0, `Created on:\t${goTimeString(meta.creationTimestamp)}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, "Spec:\n");
    w.write(1, "PodSelector: ");
    const selector = spec.podSelector;
    if (Object.keys(selector?.matchLabels ?? {}).length === 0 && !selector?.matchExpressions?.length)
      w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n");
    else w.write(2, `${formatLabelSelector(selector)}\n`);
    if (types.includes("Ingress")) {
      w.write(1, "Allowing ingress traffic:\n");
      describePolicyRules(w, spec.ingress, "From");
    } else w.write(1, "Not affecting ingress traffic\n");
    if (types.includes("Egress")) {
      w.write(1, "Allowing egress traffic:\n");
      describePolicyRules(w, spec.egress, "To");
    } else w.write(1, "Not affecting egress traffic\n");
    w.write(1, `Policy Types: ${types.join(", ") || "<none>"}\n`);
  });
}

export interface ServiceCIDR extends Described {
  spec?: { cidrs?: string[] };
  status?: {
    conditions?: TransitionCondition[];
  };
}

/** A service CIDR: its ranges and conditions. */
export function describeServiceCIDR(
  cidr: ServiceCIDR,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    w.write(0, `Name:\t${cidr.metadata?.name ?? ""}\n`);
    printLabels(w, "Labels", cidr.metadata?.labels);
    printAnnotations(w, "Annotations", cidr.metadata?.annotations);
    w.write(0, `CIDRs:\t${(cidr.spec?.cidrs ?? []).join(", ")}\n`);
    printTransitionConditions(w, "Status:\nConditions:\n", cidr.status?.conditions);
    if (events) describeEvents(w, events, now);
  });
}

export interface IPAddress extends Described {
  spec?: { parentRef?: { group?: string; resource?: string; namespace?: string; name?: string } };
}

/** An IP address: the object it is allocated to. */
export function describeIPAddress(
  address: IPAddress,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const parent = address.spec?.parentRef;
  return tabbedString((w) => {
    w.write(0, `Name:\t${address.metadata?.name ?? ""}\n`);
    printLabels(w, "Labels", address.metadata?.labels);
    printAnnotations(w, "Annotations", address.metadata?.annotations);
    if (parent) {
      w.write(0, "Parent Reference:\n");
      w.write(1, `Group:\t${parent.group ?? ""}\n`);
      w.write(1, `Resource:\t${parent.resource ?? ""}\n`);
      w.write(1, `Namespace:\t${parent.namespace ?? ""}\n`);
      w.write(1, `Name:\t${parent.name ?? ""}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}
