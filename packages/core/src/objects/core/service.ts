import type { Service as ServiceJSON } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";

import { refreshRaw } from "../object-helpers.ts";
import { Pod } from "./pod.ts";
import { StreamingObject } from "../streaming.ts";

/** The label the EndpointSlice controller puts on a Service's slices. */
const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** A Service (`v1`, namespaced): a stable address in front of a set of Pods. */
export class Service extends StreamingObject<ServiceJSON> {
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
}
