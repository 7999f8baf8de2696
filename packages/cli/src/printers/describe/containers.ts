/**
 * The pod parts shared by the pod and workload describers (kubectl's `describeContainers`,
 * `describeVolumes`, `DescribePodTemplate`, v1.32).
 */
import { rfc1123z } from "./format.ts";
import {
  formatLabelSelector,
  printAnnotations,
  printLabels,
  printTolerations,
  sortedKeys,
} from "./sections.ts";
import type {
  Container,
  ContainerState,
  ContainerStatus,
  EnvVar,
  Probe,
  ResourceRequirements,
  PodTemplateSpec,
  TopologySpreadConstraint,
} from "./types.ts";
import { describeVolumes } from "./volumes.ts";
import type { DescribeWriter } from "./writer.ts";
import { formatQuantity, parseQuantity, value, milliValue } from "./quantity.ts";

/** The value of an env var's fieldRef in the pod (kubectl's `EnvValueRetriever`); templates have none. */
export type FieldResolver = (fieldPath: string) => string;

/** `Limits:` / `Requests:` with one `name: quantity` line each, sorted by name. */
export function describeResources(
  w: DescribeWriter,
  resources: ResourceRequirements | undefined,
  level: number,
): void {
  if (!resources) return;
  for (const [title, list] of [
    ["Limits", resources.limits],
    ["Requests", resources.requests],
  ] as const) {
    const names = sortedKeys(list);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${list?.[name] ?? ""}\n`);
  }
}

function intOrString(value: number | string | undefined): string {
  return value === undefined ? "" : String(value);
}

/** kubectl's `DescribeProbe`: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(" ")}] ${attrs}`;
  if (probe.httpGet) {
    const { scheme = "", host = "", port, path = "" } = probe.httpGet;
    const portText = intOrString(port);
    const hostPort = portText ? (host.includes(":") ? `[${host}]:${portText}` : `${host}:${portText}`) : host;
    return `http-get ${scheme.toLowerCase()}://${hostPort}${path} ${attrs}`;
  }
  if (probe.tcpSocket)
    return `tcp-socket ${probe.tcpSocket.host ?? ""}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port ?? 0} ${probe.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeState(w: DescribeWriter, title: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal ?? 0}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
    if (state?.waiting?.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  }
}

/**
 * An env var's resourceFieldRef value (kubectl's `ExtractContainerResourceValue`), rounded up by the
 * divisor. The server defaults an omitted divisor to "0", which means 1 (bytes, cores).
 */
function resourceFieldValue(container: Container, resource: string, divisor: string | undefined): string {
  const [kind, name = ""] = resource.split(".");
  const list = kind === "limits" ? container.resources?.limits : container.resources?.requests;
  const quantity = parseQuantity(list?.[name] ?? "0");
  const given = parseQuantity(divisor ?? "0");
  const by = given.nanos === 0n ? parseQuantity("1") : given;
  if (name === "cpu") {
    const div = milliValue(by);
    const milli = milliValue(quantity);
    return String(div === 0n ? 0n : (milli + div - 1n) / div);
  }
  if (name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-")) {
    const div = value(by);
    const amount = value(quantity);
    return String(div === 0n ? 0n : (amount + div - 1n) / div);
  }
  return formatQuantity(quantity);
}

function describeEnv(w: DescribeWriter, container: Container, resolve: FieldResolver | undefined): void {
  const env: EnvVar[] = container.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? "")
        .split("\n")
        .forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      const value = resolve ? resolve(from.fieldRef.fieldPath ?? "") : "";
      w.write(
        3,
        `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ""}:${from.fieldRef.fieldPath ?? ""})\n`,
      );
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource ?? "";
      let value = resourceFieldValue(container, resource, from.resourceFieldRef.divisor);
      if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory"))
        value = "node allocatable";
      w.write(3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${ref.key ?? ""}' in secret '${ref.name ?? ""}'>\tOptional: ${ref.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${ref.key ?? ""}' of config map '${ref.name ?? ""}'>\tOptional: ${ref.optional === true}\n`,
      );
    }
  }
}

function describeEnvFrom(w: DescribeWriter, container: Container): void {
  w.write(2, "Environment Variables from:\n");
  for (const e of container.envFrom ?? []) {
    const ref = e.configMapRef ?? e.secretRef;
    const from = e.configMapRef ? "ConfigMap" : e.secretRef ? "Secret" : "";
    const optional = ref?.optional === true;
    const name = ref?.name ?? "";
    w.write(
      3,
      e.prefix
        ? `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`
        : `${name}\t${from}\tOptional: ${optional}\n`,
    );
  }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function describeMounts(w: DescribeWriter, container: Container): void {
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => byString(a.mountPath, b.mountPath));
  const none = mounts.length === 0 ? "\t<none>" : "";
  w.write(2, `Mounts:${none}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? "ro" : "rw", ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
  const devices = [...(container.volumeDevices ?? [])].sort((a, b) => byString(a.devicePath, b.devicePath));
  if (devices.length > 0) {
    w.write(2, `Devices:${none}\n`);
    for (const d of devices) w.write(3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * `Containers:` (or `Init Containers:`…) and each container: image, ports, command, state (when the pod
 * has a status for it), resources, probes, environment and mounts. `space` is the pod template's indent.
 */
export function describeContainers(
  w: DescribeWriter,
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  resolve: FieldResolver | undefined,
  space: string,
): void {
  w.write(0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  const nameIndent = space ? " " : "";
  for (const c of containers) {
    const status = statuses?.find((s) => s.name === c.name);
    w.write(1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ""}\n`);
    w.write(2, `Image:\t${c.image ?? ""}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ""}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort ?? 0}/${p.protocol ?? ""}`).join(", ");
    w.write(2, ports.includes(",") ? `Ports:\t${ports}\n` : `Port:\t${ports || "<none>"}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ""}`).join(", ");
    w.write(
      2,
      hostPorts.includes(",") ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || "<none>"}\n`,
    );
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(2, `SeccompProfile:\t${seccomp.type ?? ""}\n`);
      if (seccomp.type === "Localhost") w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    for (const [title, lines] of [
      ["Command", c.command],
      ["Args", c.args],
    ] as const) {
      if (!lines?.length) continue;
      w.write(2, `${title}:\n`);
      for (const line of lines) for (const part of line.split("\n")) w.write(3, `${part}\n`);
    }
    if (status) {
      describeState(w, "State", status.state);
      if (status.lastState?.terminated) describeState(w, "Last State", status.lastState);
      w.write(2, `Ready:\t${status.ready === true ? "True" : "False"}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, c.resources, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom?.length) describeEnvFrom(w, c);
    describeEnv(w, c, resolve);
    describeMounts(w, c);
  }
}

/** `Topology Spread Constraints:` sorted by topology key; nothing without constraints. */
export function describeTopologySpread(
  w: DescribeWriter,
  constraints: readonly TopologySpreadConstraint[] | undefined,
  space: string,
): void {
  if (!constraints || constraints.length === 0) return;
  const sorted = [...constraints].sort((a, b) => byString(a.topologyKey ?? "", b.topologyKey ?? ""));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(0, `${space}\t`);
    const selector = c.labelSelector ? ` for selector ${formatLabelSelector(c.labelSelector)}` : "";
    w.write(
      0,
      `${c.topologyKey ?? ""}:${c.whenUnsatisfiable ?? ""} when max skew ${c.maxSkew ?? 0} is exceeded${selector}\n`,
    );
  });
}

/** kubectl's `DescribePodTemplate`, as deployments, replica sets and jobs print their template. */
export function describePodTemplate(w: DescribeWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, "Pod Template:\n");
  if (!template) {
    w.write(1, "<unset>");
    return;
  }
  const spec = template.spec ?? {};
  printLabels(w, "  Labels", template.metadata?.labels);
  if (sortedKeys(template.metadata?.annotations).length > 0)
    printAnnotations(w, "  Annotations", template.metadata?.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length)
    describeContainers(w, "Init Containers", spec.initContainers, undefined, undefined, "  ");
  describeContainers(w, "Containers", spec.containers ?? [], undefined, undefined, "  ");
  describeVolumes(w, spec.volumes, "  ");
  describeTopologySpread(w, spec.topologySpreadConstraints, "  ");
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabels(w, "  Node-Selectors", spec.nodeSelector);
  printTolerations(w, "  Tolerations", spec.tolerations);
}
