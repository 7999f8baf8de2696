import type { Node as NodeJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A Node (`v1`, cluster-scoped): a worker machine. */
export class Node extends APIObject<NodeJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Node";
  static override readonly plural = "nodes";
  static override readonly singular = "node";
  static override readonly shortNames = ["no"];
  static override readonly namespaced = false;
}
