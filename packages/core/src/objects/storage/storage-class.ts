import type { StorageClass as StorageClassJSON } from "kubernetes-types/storage/v1.js";
import { APIObject } from "../api-object.ts";

/** A StorageClass (`storage.k8s.io/v1`, cluster-scoped): a class of dynamically provisioned storage. */
export class StorageClass extends APIObject<StorageClassJSON> {
  static override readonly apiVersion = "storage.k8s.io/v1";
  static override readonly kind = "StorageClass";
  static override readonly plural = "storageclasses";
  static override readonly singular = "storageclass";
  static override readonly shortNames = ["sc"];
  static override readonly namespaced = false;
}
