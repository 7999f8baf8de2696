// Aggregated discovery documents (apidiscovery.k8s.io/v2) for wire tests, in the shape kube-apiserver v1.33
// sends: versions in order of preference, resources with responseKind, scope, shortNames, subresources.
interface FixtureResource {
  resource: string;
  kind: string;
  singular?: string;
  namespaced?: boolean;
  shortNames?: string[];
  subresources?: string[];
  verbs?: string[];
}

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function resource(group: string, version: string, r: FixtureResource): Record<string, unknown> {
  return {
    resource: r.resource,
    responseKind: { group, version, kind: r.kind },
    scope: r.namespaced === false ? "Cluster" : "Namespaced",
    singularResource: r.singular ?? r.kind.toLowerCase(),
    verbs: r.verbs ?? VERBS,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.subresources
      ? {
          subresources: r.subresources.map((s) => ({
            subresource: s,
            responseKind: { group, version, kind: r.kind },
            verbs: ["get", "patch", "update"],
          })),
        }
      : {}),
  };
}

/** `{ group: { version: resources } }`, versions in order of preference. */
export type FixtureGroups = Record<string, Record<string, FixtureResource[]>>;

export function aggregated(groups: FixtureGroups, version = "v2"): Record<string, unknown> {
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: Object.entries(groups).map(([group, versions]) => ({
      metadata: group === "" ? {} : { name: group },
      versions: Object.entries(versions).map(([v, resources]) => ({
        version: v,
        resources: resources.map((r) => resource(group, v, r)),
        freshness: "Current",
      })),
    })),
  };
}

export const CORE: FixtureGroups = {
  "": {
    v1: [
      { resource: "pods", kind: "Pod", shortNames: ["po"], subresources: ["status", "log", "exec"] },
      { resource: "services", kind: "Service", shortNames: ["svc"] },
      { resource: "configmaps", kind: "ConfigMap", shortNames: ["cm"] },
      { resource: "events", kind: "Event", shortNames: ["ev"] },
      { resource: "namespaces", kind: "Namespace", shortNames: ["ns"], namespaced: false },
      { resource: "endpoints", kind: "Endpoints", singular: "endpoints", shortNames: ["ep"] },
    ],
  },
};

export const GROUPS: FixtureGroups = {
  apps: {
    v1: [
      {
        resource: "deployments",
        kind: "Deployment",
        shortNames: ["deploy"],
        subresources: ["scale", "status"],
      },
      { resource: "replicasets", kind: "ReplicaSet", shortNames: ["rs"], subresources: ["scale"] },
    ],
  },
  "events.k8s.io": { v1: [{ resource: "events", kind: "Event", shortNames: ["ev"] }] },
  autoscaling: {
    v2: [{ resource: "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler", shortNames: ["hpa"] }],
    v1: [{ resource: "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler", shortNames: ["hpa"] }],
  },
  "networking.k8s.io": { v1: [{ resource: "ingresses", kind: "Ingress", shortNames: ["ing"] }] },
  "rbac.authorization.k8s.io": {
    v1: [
      { resource: "roles", kind: "Role" },
      { resource: "clusterroles", kind: "ClusterRole", namespaced: false },
    ],
  },
  // A group without short names serving `certificates` before the CRD group that declares `cert`.
  "other.example.com": { v1: [{ resource: "certificates", kind: "Certificate" }] },
  "cert-manager.io": { v1: [{ resource: "certificates", kind: "Certificate", shortNames: ["cert"] }] },
  // A CRD reusing a built-in kind's name, and one reusing a built-in short name.
  "fake.example.com": { v1: [{ resource: "deployments", kind: "Deployment", shortNames: ["fd"] }] },
  "zz.example.com": { v1: [{ resource: "zdeploys", kind: "ZDeploy", shortNames: ["deploy"] }] },
  "stable.example.com": {
    v1: [{ resource: "crontabs", kind: "CronTab", shortNames: ["ct"] }],
    v1beta1: [{ resource: "crontabs", kind: "CronTab", shortNames: ["ct"] }],
  },
};
