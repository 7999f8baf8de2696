/**
 * Volume sources as `kubectl describe` prints them: a pod's (and a pod template's) `Volumes:` and a
 * persistent volume's `Source:` (kubectl's `describeVolumes` and the `print…VolumeSource` functions of
 * k8s.io/kubectl/pkg/describe, v1.33). Every source type of the v1 API is printed as kubectl prints it,
 * the in-tree plugins Kubernetes has retired included (their fields are still served and still in objects).
 */
import { printClaim, type Claim } from "./claim.ts";
import { goValue } from "./format.ts";
import { parseQuantity } from "./quantity.ts";
import type { StringMap, Volume } from "./types.ts";
import type { DescribeWriter } from "./writer.ts";

/** A volume source as read from JSON: kubectl's fields are read by name, each to its Go type. */
type Source = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const flag = (value: unknown): string => String(value === true);
const int = (value: unknown): string => (typeof value === "number" ? String(value) : "0");
/** Go's `%v` of a `[]string` (`[a b]`; `[]` when absent). */
const list = (value: unknown): string => goValue(Array.isArray(value) ? value : []);

/**
 * Go's `%v` of a `*LocalObjectReference` or `*SecretReference`: the generated `String()` method
 * (`&LocalObjectReference{Name:x,}`), `nil` when absent.
 */
function reference(kind: "LocalObjectReference" | "SecretReference", value: unknown): string {
  if (value === null || typeof value !== "object") return "nil";
  const ref = value as Source;
  const fields = kind === "SecretReference" ? ["name", "namespace"] : ["name"];
  return `&${kind}{${fields.map((f) => `${f[0]?.toUpperCase()}${f.slice(1)}:${text(ref[f])},`).join("")}}`;
}

/**
 * kubectl's `printCSIPersistentVolumeAttributesMultiline`: `VolumeAttributes:` and one `key=value` line each,
 * sorted, a line over 140 bytes cut (maxAnnotationLen), `<none>` without attributes.
 */
function printVolumeAttributes(w: DescribeWriter, attributes: unknown): void {
  w.write(2, "VolumeAttributes:\t");
  const map = (attributes ?? {}) as StringMap;
  const keys = Object.keys(map).sort();
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(2, "");
      w.write(2, "\t");
    }
    const line = `${key}=${map[key] ?? ""}`;
    const bytes = Buffer.from(line);
    w.write(2, `${bytes.length > 140 ? `${bytes.subarray(0, 140).toString()}...` : line}\n`);
  });
}

/**
 * One line under `Type:`: its label as kubectl's format writes it (colon included: a few have none or a
 * space before the tab) and how the value is read from the source.
 */
type Row = readonly [label: string, value: (s: Source) => string];
/** A source printed as `Type:\t<description>` and its rows (kubectl's `print…VolumeSource`). */
type Printed = readonly [description: string, rows: readonly Row[]];

const field =
  (key: string, format: (value: unknown) => string = text) =>
  (s: Source): string =>
    format(s[key]);

/** Rows that differ between a pod's source and a persistent volume's: how a secret reference prints. */
const secretRow = (kind: "LocalObjectReference" | "SecretReference"): Row => [
  "SecretRef:",
  (s) => reference(kind, s.secretRef),
];

const readOnly: Row = ["ReadOnly:", field("readOnly", flag)];
const fsType: Row = ["FSType:", field("fsType")];

const iscsi = (secret: Row): Printed => [
  "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)",
  [
    ["TargetPortal:", field("targetPortal")],
    ["IQN:", field("iqn")],
    ["Lun:", field("lun", int)],
    // No colon: kubectl's format has none.
    ["ISCSIInterface", field("iscsiInterface")],
    fsType,
    readOnly,
    ["Portals:", field("portals", list)],
    ["DiscoveryCHAPAuth:", field("chapAuthDiscovery", flag)],
    ["SessionCHAPAuth:", field("chapAuthSession", flag)],
    secret,
    ["InitiatorName:", (s) => (typeof s.initiatorName === "string" ? s.initiatorName : "<none>")],
  ],
];

const rbd = (secret: Row): Printed => [
  "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)",
  [
    ["CephMonitors:", field("monitors", list)],
    ["RBDImage:", field("image")],
    fsType,
    ["RBDPool:", field("pool")],
    ["RadosUser:", field("user")],
    ["Keyring:", field("keyring")],
    secret,
    readOnly,
  ],
];

const cinder = (secret: Row): Printed => [
  "Cinder (a Persistent Disk resource in OpenStack)",
  [["VolumeID:", field("volumeID")], fsType, readOnly, secret],
];

const cephfs = (secret: Row): Printed => [
  "CephFS (a CephFS mount on the host that shares a pod's lifetime)",
  [
    ["Monitors:", field("monitors", list)],
    ["Path:", field("path")],
    ["User:", field("user")],
    ["SecretFile:", field("secretFile")],
    secret,
    readOnly,
  ],
];

const flexVolume = (secret: Row): Printed => [
  "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
  [["Driver:", field("driver")], fsType, secret, readOnly, ["Options:", (s) => goValue(s.options ?? {})]],
];

/** A persistent volume's source names its secret; a pod's does not (kubectl prints it only there). */
const scaleIO = (secret: readonly Row[]): Printed => [
  "ScaleIO (a persistent volume backed by a block device in ScaleIO)",
  [
    ["Gateway:", field("gateway")],
    ["System:", field("system")],
    ["Protection Domain:", field("protectionDomain")],
    ["Storage Pool:", field("storagePool")],
    ["Storage Mode:", field("storageMode")],
    ["VolumeName:", field("volumeName")],
    ...secret,
    fsType,
    readOnly,
  ],
];

const glusterfs = (namespace: readonly Row[]): Printed => [
  "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
  [["EndpointsName:", field("endpoints")], ...namespace, ["Path:", field("path")], readOnly],
];

const azureFile = (namespace: readonly Row[]): Printed => [
  "AzureFile (an Azure File Service mount on the host and bind mount to the pod)",
  [["SecretName:", field("secretName")], ...namespace, ["ShareName:", field("shareName")], readOnly],
];

/** `quantity` when it is above zero (Go's `Cmp(resource.Quantity{}) > 0`), else undefined. */
function positiveQuantity(quantity: string): string | undefined {
  return quantity && parseQuantity(quantity).nanos > 0n ? quantity : undefined;
}

/** Sources whose lines are the same for a pod's volume and a persistent volume. */
const SHARED: Record<string, Printed> = {
  hostPath: [
    "HostPath (bare host directory volume)",
    [
      ["Path:", field("path")],
      ["HostPathType:", (s) => text(s.type) || "<none>"],
    ],
  ],
  gcePersistentDisk: [
    "GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)",
    [["PDName:", field("pdName")], fsType, ["Partition:", field("partition", int)], readOnly],
  ],
  awsElasticBlockStore: [
    "AWSElasticBlockStore (a Persistent Disk resource in AWS)",
    [["VolumeID:", field("volumeID")], fsType, ["Partition:", field("partition", int)], readOnly],
  ],
  nfs: [
    "NFS (an NFS mount that lasts the lifetime of a pod)",
    [["Server:", field("server")], ["Path:", field("path")], readOnly],
  ],
  quobyte: [
    "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
    [["Registry:", field("registry")], ["Volume:", field("volume")], readOnly],
  ],
  vsphereVolume: [
    "vSphereVolume (a Persistent Disk resource in vSphere)",
    [["VolumePath:", field("volumePath")], fsType, ["StoragePolicyName:", field("storagePolicyName")]],
  ],
  azureDisk: [
    "AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)",
    [
      ["DiskName:", field("diskName")],
      ["DiskURI:", field("diskURI")],
      // kubectl's own format has the space before the tab.
      ["Kind: ", field("kind")],
      fsType,
      ["CachingMode:", field("cachingMode")],
      readOnly,
    ],
  ],
  photonPersistentDisk: [
    "PhotonPersistentDisk (a Persistent Disk resource in photon platform)",
    [["PdID:", field("pdID")], fsType],
  ],
  portworxVolume: ["PortworxVolume (a Portworx Volume resource)", [["VolumeID:", field("volumeID")]]],
  storageos: [
    "StorageOS (a StorageOS Persistent Disk resource)",
    [["VolumeName:", field("volumeName")], ["VolumeNamespace:", field("volumeNamespace")], fsType, readOnly],
  ],
  fc: [
    "FC (a Fibre Channel disk)",
    [
      ["TargetWWNs:", (s) => (Array.isArray(s.targetWWNs) ? s.targetWWNs : []).join(", ")],
      ["LUN:", (s) => (typeof s.lun === "number" ? String(s.lun) : "<none>")],
      fsType,
      readOnly,
    ],
  ],
  flocker: [
    "Flocker (a Flocker volume mounted by the Flocker agent)",
    [
      ["DatasetName:", field("datasetName")],
      ["DatasetUUID:", field("datasetUUID")],
    ],
  ],
};

const podSecret = secretRow("LocalObjectReference");

/** Sources only a pod's volume has, or that it prints its own way. */
const POD_ONLY: Record<string, Printed> = {
  emptyDir: [
    "EmptyDir (a temporary directory that shares a pod's lifetime)",
    [
      ["Medium:", field("medium")],
      ["SizeLimit:", (s) => positiveQuantity(text(s.sizeLimit)) ?? "<unset>"],
    ],
  ],
  gitRepo: [
    "GitRepo (a volume that is pulled from git when the pod is created)",
    [
      ["Repository:", field("repository")],
      ["Revision:", field("revision")],
    ],
  ],
  secret: [
    "Secret (a volume populated by a Secret)",
    [
      ["SecretName:", field("secretName")],
      ["Optional:", field("optional", flag)],
    ],
  ],
  configMap: [
    "ConfigMap (a volume populated by a ConfigMap)",
    [
      ["Name:", field("name")],
      ["Optional:", field("optional", flag)],
    ],
  ],
  iscsi: iscsi(podSecret),
  glusterfs: glusterfs([]),
  persistentVolumeClaim: [
    "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
    [["ClaimName:", field("claimName")], readOnly],
  ],
  rbd: rbd(podSecret),
  cinder: cinder(podSecret),
  scaleIO: scaleIO([]),
  cephfs: cephfs(podSecret),
  azureFile: azureFile([]),
  flexVolume: flexVolume(podSecret),
  csi: [
    "CSI (a Container Storage Interface (CSI) volume source)",
    [["Driver:", field("driver")], fsType, readOnly],
  ],
  image: [
    "Image (a container image or OCI artifact)",
    [
      ["Reference:", field("reference")],
      ["PullPolicy:", field("pullPolicy")],
    ],
  ],
};

/** Sources a pod's volume prints beyond `Type:` and its rows. */
const POD_LINES: Record<string, (w: DescribeWriter, s: Source) => void> = {
  ephemeral: (w, s) => {
    w.write(
      2,
      "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n",
    );
    // A claim template: metadata and spec, no status (so the claim's clock is never read).
    const template = s.volumeClaimTemplate as Claim | undefined;
    if (template) printClaim(w.nested(2), template, false, 0);
  },
  downwardAPI: (w, s) => {
    w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
    const items = Array.isArray(s.items) ? (s.items as Source[]) : [];
    for (const item of items) {
      const fieldRef = item.fieldRef as Source | undefined;
      const resourceFieldRef = item.resourceFieldRef as Source | undefined;
      if (fieldRef) w.write(3, `${text(fieldRef.fieldPath)} -> ${text(item.path)}\n`);
      if (resourceFieldRef) w.write(3, `${text(resourceFieldRef.resource)} -> ${text(item.path)}\n`);
    }
  },
  projected: (w, s) => {
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    const sources = Array.isArray(s.sources) ? (s.sources as Source[]) : [];
    for (const source of sources) {
      const secret = source.secret as Source | undefined;
      const configMap = source.configMap as Source | undefined;
      const token = source.serviceAccountToken as Source | undefined;
      if (secret) w.write(2, `SecretName:\t${text(secret.name)}\n    Optional:\t${flag(secret.optional)}\n`);
      else if (source.downwardAPI) w.write(2, "DownwardAPI:\ttrue\n");
      else if (configMap)
        w.write(2, `ConfigMapName:\t${text(configMap.name)}\n    Optional:\t${flag(configMap.optional)}\n`);
      else if (token) w.write(2, `TokenExpirationSeconds:\t${int(token.expirationSeconds)}\n`);
    }
  },
};

/** A pod volume's sources in the order kubectl's `describeVolumes` tries them. */
const POD_SOURCES = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "configMap",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "ephemeral",
  "rbd",
  "quobyte",
  "downwardAPI",
  "azureDisk",
  "vsphereVolume",
  "cinder",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "cephfs",
  "storageos",
  "fc",
  "azureFile",
  "flexVolume",
  "flocker",
  "projected",
  "csi",
  "image",
] as const;

/**
 * Prints the first of `order`'s sources that `volume` has: its `Type:` line and rows, then any lines of its
 * own (`more`); `<unknown>` when it has none of them.
 */
function printFirst(
  w: DescribeWriter,
  volume: Source,
  order: readonly string[],
  printed: Record<string, Printed | undefined>,
  more: Record<string, ((w: DescribeWriter, s: Source) => void) | undefined> = {},
): void {
  for (const key of order) {
    const source = volume[key];
    if (source === null || typeof source !== "object") continue;
    const spec = printed[key];
    if (spec) {
      const [description, rows] = spec;
      const lines = rows.map(([label, value]) => `    ${label}\t${value(source as Source)}\n`).join("");
      w.write(2, `Type:\t${description}\n${lines}`);
    }
    more[key]?.(w, source as Source);
    return;
  }
  w.write(1, "<unknown>\n");
}

/** The lines under a pod volume's name (kubectl's `describeVolumes` switch). */
function describeVolumeSource(w: DescribeWriter, volume: Volume): void {
  printFirst(w, volume, POD_SOURCES, { ...SHARED, ...POD_ONLY }, { ...POD_LINES, ...CSI_ATTRIBUTES });
}

/** `Volumes:` and each volume's source, or `Volumes:  <none>`; `space` is a pod template's indent. */
export function describeVolumes(
  w: DescribeWriter,
  volumes: readonly Volume[] | undefined,
  space: string,
): void {
  if (!volumes || volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  const nameIndent = space ? " " : "";
  for (const volume of volumes) {
    w.write(1, `${nameIndent}${volume.name}:\n`);
    describeVolumeSource(w, volume);
  }
}

/** A persistent volume's sources, in the order of kubectl's `describePersistentVolume` switch. */
const PERSISTENT_SOURCES = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "quobyte",
  "vsphereVolume",
  "cinder",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "local",
  "cephfs",
  "storageos",
  "fc",
  "azureFile",
  "flexVolume",
  "flocker",
  "csi",
] as const;

const volumeSecret = secretRow("SecretReference");

/** Persistent volume sources printed differently from a pod's (their secrets may name a namespace). */
const PERSISTENT_ONLY: Record<string, Printed> = {
  iscsi: iscsi(volumeSecret),
  glusterfs: glusterfs([
    [
      "EndpointsNamespace:",
      (s) => (typeof s.endpointsNamespace === "string" ? s.endpointsNamespace : "<unset>"),
    ],
  ]),
  rbd: rbd(volumeSecret),
  cinder: cinder(volumeSecret),
  scaleIO: scaleIO([
    ["SecretName:", (s) => text((s.secretRef as Source | undefined)?.name)],
    ["SecretNamespace:", (s) => text((s.secretRef as Source | undefined)?.namespace)],
  ]),
  local: ["LocalVolume (a persistent volume backed by local storage on a node)", [["Path:", field("path")]]],
  cephfs: cephfs(volumeSecret),
  azureFile: azureFile([["SecretNamespace:", field("secretNamespace")]]),
  flexVolume: flexVolume(volumeSecret),
  csi: [
    "CSI (a Container Storage Interface (CSI) volume source)",
    [["Driver:", field("driver")], fsType, ["VolumeHandle:", field("volumeHandle")], readOnly],
  ],
};

/** Both kinds of CSI source end with their attributes. */
const CSI_ATTRIBUTES = {
  csi: (w: DescribeWriter, s: Source) => printVolumeAttributes(w, s.volumeAttributes),
};

/** The lines under a persistent volume's `Source:` (kubectl's `describePersistentVolume` switch). */
export function describePersistentVolumeSource(w: DescribeWriter, spec: Source): void {
  printFirst(w, spec, PERSISTENT_SOURCES, { ...SHARED, ...PERSISTENT_ONLY }, CSI_ATTRIBUTES);
}
