import type { Event as EventJSON } from "kubernetes-types/core/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * An Event (`v1`, namespaced): a report of something that happened to an object; what `kubectl get events`
 * lists (events.k8s.io has its own, {@link EventsV1Event}).
 */
export class Event extends APIObject<EventJSON> {
  static override readonly apiVersion = "v1";
  static override readonly kind = "Event";
  static override readonly plural = "events";
  static override readonly singular = "event";
  static override readonly shortNames = ["ev"];
  static override readonly namespaced = true;
}
