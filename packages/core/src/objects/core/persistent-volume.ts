import type { PersistentVolume as PersistentVolumeJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/** A PersistentVolume (`v1`, cluster-scoped): a piece of storage in the cluster. */
export class PersistentVolume extends APIObject<PersistentVolumeJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "PersistentVolume";
  static override readonly plural = "persistentvolumes";
  static override readonly singular = "persistentvolume";
  static override readonly shortNames = ["pv"];
  static override readonly namespaced = false;
}
