import type { VolumeAttachment as VolumeAttachmentJSON } from "kubernetes-types/storage/v1.js";
import { APIObject } from "../api-object.ts";

/** A VolumeAttachment (`storage.k8s.io/v1`, cluster-scoped): attaches a volume to a node. */
export class VolumeAttachment extends APIObject<VolumeAttachmentJSON> {
  static override readonly apiVersion = "storage.k8s.io/v1";
  static override readonly kind = "VolumeAttachment";
  static override readonly plural = "volumeattachments";
  static override readonly singular = "volumeattachment";
  static override readonly namespaced = false;
}
