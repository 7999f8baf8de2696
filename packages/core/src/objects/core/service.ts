import type { Service as ServiceJSON } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { APIObject } from "../api-object.ts";
import { refreshRaw } from "../object-helpers.ts";
import { Pod } from "./pod.ts";
import type { ExecResult } from "../../streams/exec.ts";
import type { LogsOptions } from "../../streams/logs.ts";
import type { PortForward, PortForwardOptions, PortSpecInput } from "../../streams/port-forward.ts";
import type { ProxyHttpRequestOptions, ProxyHttpResponse } from "../../streams/proxy.ts";
import { execIn, logsOf, portForwardTo, proxyTo, type WorkloadExecOptions } from "../streaming.ts";

/** The label the EndpointSlice controller puts on a Service's slices. */
const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** A Service (`v1`, namespaced): a stable address in front of a set of Pods. */
export class Service extends APIObject<ServiceJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Service";
  static override readonly plural = "services";
  static override readonly singular = "service";
  static override readonly shortNames = ["svc"];
  static override readonly namespaced = true;

  /**
   * The Pods the Service sends traffic to now: the Pods behind the ready endpoints of its EndpointSlices
   * (`discovery.k8s.io/v1`, labelled `kubernetes.io/service-name`), what kube-proxy routes to. An endpoint
   * whose `ready` condition is unset counts as ready, as the EndpointSlice API says consumers should read
   * it. Pods are listed once each, in endpoint order.
   * @example
   * const [first] = await svc.readyPods();
   */
  async readyPods(): Promise<Pod[]> {
    const k = await this.client();
    const namespace = this.namespace ?? k.namespace;
    const slices = (await k.get("endpointslices.discovery.k8s.io", {
      namespace,
      labelSelector: { [SERVICE_NAME_LABEL]: this.name },
      raw: true,
    })) as unknown as EndpointSlice[];
    const names = new Set<string>();
    // A slice without endpoints comes without the field, although the API type says it is required.
    for (const slice of slices)
      for (const endpoint of slice.endpoints ?? [])
        if (
          endpoint.conditions?.ready !== false &&
          endpoint.targetRef?.kind === "Pod" &&
          endpoint.targetRef.name
        )
          names.add(endpoint.targetRef.name);
    if (names.size === 0) return [];
    const pods = (await k.get(Pod, { namespace })) as unknown as Pod[];
    const byName = new Map(pods.map((pod) => [pod.name, pod]));
    return [...names].flatMap((name) => byName.get(name) ?? []);
  }

  /**
   * Whether the Service can take traffic: at least one ready Pod behind it, and for a `LoadBalancer`
   * Service an ingress point in `status.loadBalancer` (kr8s's rule). `raw` is updated.
   * @throws {NotFoundError} when the Service does not exist.
   */
  async ready(): Promise<boolean> {
    const service = await refreshRaw(await this.client(), this);
    if (service.spec?.type === "LoadBalancer" && (service.status?.loadBalancer?.ingress ?? []).length === 0)
      return false;
    return (await this.readyPods()).length > 0;
  }
  /**
   * Runs `command` in this Service's best Running and Ready pod (kubectl's choice for `kubectl exec svc/<name>`),
   * waiting up to `podRunningTimeout` (ms, default 60000) for one. See `exec()` in `@kr8s/core` for the options,
   * the result and the errors.
   * @example
   * const { stdout } = await svc.exec(["cat", "/etc/hostname"]);
   */
  async exec(command: readonly string[], options: WorkloadExecOptions = {}): Promise<ExecResult<string>> {
    return (await execIn(await this.client(), this, command, options)) as ExecResult<string>;
  }

  /**
   * Forwards local ports to a ready pod behind this Service (Service ports map to the pod's targetPort) (kubectl's `N`, `L:N`, `:N` spellings); close it with `stop()` or `await using`.
   * See `portForward()` in `@kr8s/core`.
   * @example
   * await using pf = await svc.portForward(80);
   * await fetch(`http://127.0.0.1:${pf.localPort}/`);
   */
  async portForward(ports: PortSpecInput, options: PortForwardOptions = {}): Promise<PortForward> {
    return portForwardTo(await this.client(), this, ports, options);
  }

  /**
   * The log lines of every pod behind this Service, each line prefixed with its pod, as an async iterable (`follow`, `tailLines`, `sinceSeconds`…; a followed stream
   * that drops resumes without losing or repeating lines). See `logs()` in `@kr8s/core`.
   * @example
   * for await (const line of svc.logs({ tailLines: 10 })) console.log(line);
   */
  async *logs(options: LogsOptions = {}): AsyncGenerator<string> {
    yield* logsOf(await this.client(), this, options);
  }

  /**
   * An HTTP request to this Service through the API server's proxy subresource (`…/proxy/<path>`); any answer of the
   * backend is returned, errors included. See `proxyHttpRequest()` in `@kr8s/core`.
   * @example
   * const res = await svc.proxyHttpRequest("GET", "/healthz");
   */
  async proxyHttpRequest(
    method: string,
    path: string,
    options: ProxyHttpRequestOptions = {},
  ): Promise<ProxyHttpResponse> {
    return proxyTo(await this.client(), this, method, path, options);
  }
}
