import type { RuntimeClass as RuntimeClassJSON } from "kubernetes-types/node/v1.js";
import { APIObject } from "../api-object.ts";

/** A RuntimeClass (`node.k8s.io/v1`, cluster-scoped): a container runtime configuration pods can select. */
export class RuntimeClass extends APIObject<RuntimeClassJSON> {
  static override readonly apiVersion = "node.k8s.io/v1";
  static override readonly kind = "RuntimeClass";
  static override readonly plural = "runtimeclasses";
  static override readonly singular = "runtimeclass";
  static override readonly namespaced = false;
}
