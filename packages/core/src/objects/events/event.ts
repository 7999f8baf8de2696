import type { Event as EventsV1EventJSON } from "kubernetes-types/events/v1.js";
import { APIObject } from "../api-object.ts";

/**
 * An Event of the events.k8s.io group (`events.k8s.io/v1`, namespaced): a report of something that happened
 * to an object. Named `EventsV1Event` (as `@kubernetes/client-node` names it) because `Event` is the core
 * group's, which kubectl picks for `events`/`ev` (core group first) and kr8s calls `Event`.
 */
export class EventsV1Event extends APIObject<EventsV1EventJSON> {
  static override readonly apiVersion = "events.k8s.io/v1";
  static override readonly kind = "Event";
  static override readonly plural = "events";
  static override readonly singular = "event";
  static override readonly shortNames = ["ev"];
  static override readonly namespaced = true;
}
