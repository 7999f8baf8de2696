import type { CronJob as CronJobJSON } from "kubernetes-types/batch/v1.js";
import { APIObject } from "../api-object.ts";

/** A CronJob (`batch/v1`, namespaced): runs a Job on a schedule. */
export class CronJob extends APIObject<CronJobJSON> {
  static override readonly apiVersion = "batch/v1";
  static override readonly kind = "CronJob";
  static override readonly plural = "cronjobs";
  static override readonly singular = "cronjob";
  static override readonly shortNames = ["cj"];
  static override readonly namespaced = true;
}
