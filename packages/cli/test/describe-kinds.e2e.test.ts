// `kr8s describe` of the kinds kubectl has a describer of its own for, beyond describe.e2e.test.ts's
// (namespaces, quotas, limit ranges, service accounts, workloads), next to kubectl v1.33 on the same cluster
// and arguments: stdout, stderr and the exit code must be identical (ages normalised, see parity.ts).
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectDescribedLikeKubectl as expectEachLikeKubectl } from "./parity.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

async function must(namespace: string, args: string[], input?: string): Promise<void> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  expect(result.exitCode, `${args.join(" ")}: ${result.stderr}`).toBe(0);
}

// One resource per limit: kubectl prints a limit's resources in Go's random map order (kr8s sorts them).
const limitRange = `
apiVersion: v1
kind: LimitRange
metadata: { name: limits }
spec:
  limits:
  - type: Container
    max: { cpu: "2" }
    min: { cpu: 100m }
    default: { cpu: 500m }
    defaultRequest: { cpu: 200m }
    maxLimitRequestRatio: { cpu: "4" }
  - type: Pod
    max: { memory: 2Gi }
`;

describe("kr8s describe prints what kubectl describe prints, kind by kind", () => {
  test(
    "namespaces with their quotas (scopes, used and hard) and limit ranges; quotas and limit ranges alone",
    slow,
    async ({ kubeconfig, namespace }) => {
      const n = ["-n", namespace];
      await expectEachLikeKubectl([["describe", "namespace", namespace]], kubeconfig);
      await must(namespace, ["create", "quota", "compute", "--hard=cpu=2,memory=1Gi,pods=10,secrets=20"]);
      await must(namespace, [
        "create",
        "quota",
        "best",
        "--hard=pods=5",
        "--scopes=BestEffort,NotTerminating",
      ]);
      await must(namespace, ["apply", "-f", "-"], limitRange);
      // Used in another format than the hard limit (decimal 100M against binary 1Gi): a quota alone
      // prints it in the limit's format (100000000), the namespace's table as it is (100M).
      await must(
        namespace,
        ["apply", "-f", "-"],
        "apiVersion: v1\nkind: Pod\nmetadata: { name: sized }\nspec:\n  containers:\n  - name: app\n    image: nginx\n    resources: { requests: { cpu: 100m, memory: 100M }, limits: { cpu: 100m, memory: 100M } }\n",
      );
      await must(namespace, [
        "wait",
        "--for=jsonpath={.status.used.memory}=100M",
        "quota/compute",
        "--timeout=60s",
      ]);
      // The quota controller fills in status.hard and status.used.
      for (const quota of ["compute", "best"])
        await must(namespace, [
          "wait",
          "--for=jsonpath={.status.used.pods}",
          `quota/${quota}`,
          "--timeout=60s",
        ]);
      await expectEachLikeKubectl(
        [
          ["describe", "namespace", namespace],
          ["describe", "quota", ...n],
          ["describe", "resourcequota", "compute", ...n],
          ["describe", "limitrange", "limits", ...n],
        ],
        kubeconfig,
      );
    },
  );

  test(
    "service accounts: pull and mountable secrets (missing ones marked), legacy token secrets, none at all",
    slow,
    async ({ kubeconfig, namespace }) => {
      const n = ["-n", namespace];
      await must(namespace, ["create", "serviceaccount", "robot"]);
      await must(namespace, [
        "create",
        "secret",
        "docker-registry",
        "registry",
        "--docker-server=r.example",
        "--docker-username=u",
        "--docker-password=p",
      ]);
      await must(namespace, [
        "patch",
        "serviceaccount",
        "robot",
        "-p",
        '{"imagePullSecrets":[{"name":"registry"},{"name":"gone"}],"secrets":[{"name":"mounted"}]}',
      ]);
      await must(
        namespace,
        ["apply", "-f", "-"],
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: robot-token\n  annotations: { kubernetes.io/service-account.name: robot }\ntype: kubernetes.io/service-account-token\n",
      );
      // The token controller adds the account's uid (and the token) to the secret.
      await must(namespace, ["wait", "--for=jsonpath={.data.token}", "secret/robot-token", "--timeout=60s"]);
      await expectEachLikeKubectl(
        [
          ["describe", "serviceaccount", "robot", ...n],
          ["describe", "sa", "default", ...n],
          ["describe", "sa", ...n],
        ],
        kubeconfig,
      );
    },
  );

  test(
    "workloads: replica sets (pods by phase, owner), stateful sets (partition, claim templates), daemon sets, jobs (indexed, suspended), cron jobs",
    slow,
    async ({ kubeconfig, namespace }) => {
      const n = ["-n", namespace];
      await must(namespace, ["create", "deployment", "web", "--image=nginx", "--replicas=2"]);
      await must(namespace, ["apply", "-f", "-"], workloads);
      await must(namespace, ["create", "job", "once", "--image=busybox", "--", "true"]);
      await must(namespace, [
        "create",
        "cronjob",
        "tick",
        "--image=busybox",
        "--schedule=*/5 * * * *",
        "--",
        "date",
      ]);
      await must(namespace, ["rollout", "status", "deployment/web", "--timeout=60s"]);
      await must(namespace, ["rollout", "status", "daemonset/agent", "--timeout=60s"]);
      await must(namespace, [
        "wait",
        "--for=jsonpath={.status.replicas}=2",
        "statefulset/db",
        "--timeout=60s",
      ]);
      await expectEachLikeKubectl(
        [
          ["describe", "replicaset", ...n],
          ["describe", "statefulset", "db", ...n],
          ["describe", "daemonset", "agent", ...n],
          ["describe", "job", ...n],
          ["describe", "cronjob", "tick", ...n],
          ["describe", "cronjob", "tick", "--show-events=false", ...n],
        ],
        kubeconfig,
      );
    },
  );

  test(
    "every volume source: a pod's and a pod template's (ephemeral claim templates nested), and a persistent volume's",
    slow,
    async ({ kubeconfig, namespace }) => {
      const n = ["-n", namespace];
      const pvs = persistentVolumes(namespace);
      try {
        // Pending for good (no node has the label), so the pod stays; the deployment has no pods.
        await must(namespace, ["apply", "-f", "-"], JSON.stringify(volumeUsers));
        await must("", ["apply", "-f", "-"], JSON.stringify(pvs));
        await expectEachLikeKubectl(
          [
            ["describe", "pod", "volumes", ...n],
            ["describe", "deployment", "volumes", ...n],
            ["describe", "pv", "-l", `volumes=${namespace}`],
          ],
          kubeconfig,
        );
      } finally {
        await kubectl(["delete", "-f", "-", "--wait=false", "--ignore-not-found"], {
          input: JSON.stringify(pvs),
        });
      }
    },
  );

  test(
    "storage: storage classes, persistent volumes (host path, local with node affinity, CSI, NFS), claims bound and pending with the pods that use them, CSI nodes",
    slow,
    async ({ kubeconfig, namespace }) => {
      // Cluster-scoped objects are named after the test's namespace and deleted afterwards.
      const p = namespace;
      try {
        await must("", ["apply", "-f", "-"], storage(p));
        await must(namespace, ["apply", "-f", "-"], claims(p));
        await must(namespace, ["wait", "--for=jsonpath={.status.phase}=Bound", "pvc/claim", "--timeout=60s"]);
        await expectEachLikeKubectl(
          [
            ["describe", "storageclass", `${p}-fast`],
            ["describe", "pv", `${p}-host`],
            ["describe", "pv", `${p}-local`],
            ["describe", "pv", `${p}-csi`],
            ["describe", "pv", `${p}-nfs`],
            ["describe", "pvc", "-n", namespace],
            ["describe", "csinode", `${p}-csi`, `${p}-csi-empty`],
          ],
          kubeconfig,
        );
      } finally {
        await kubectl(["delete", "-f", "-", "--wait=false", "--ignore-not-found"], { input: storage(p) });
      }
    },
  );

  test(
    "RBAC: roles and cluster roles (rules broken down and compacted as kubectl does), role and cluster role bindings",
    slow,
    async ({ kubeconfig, namespace }) => {
      const p = namespace;
      try {
        await must(namespace, ["apply", "-f", "-"], rbac(p));
        await expectEachLikeKubectl(
          [
            ["describe", "role", "editor", "-n", namespace],
            ["describe", "rolebinding", "-n", namespace],
            ["describe", "clusterrole", `${p}-viewer`],
            ["describe", "clusterrolebinding", `${p}-viewers`],
            // kubectl's own roles: aggregated rules, URL rules, every verb
            ["describe", "clusterrole", "admin"],
            ["describe", "clusterrole", "system:discovery"],
          ],
          kubeconfig,
        );
      } finally {
        await kubectl(["delete", "-f", "-", "--wait=false", "--ignore-not-found"], {
          namespace,
          input: rbac(p),
        });
      }
    },
  );

  test(
    "ingresses (TLS, hosts and paths, backends with their endpoints, a missing service, resource backends), ingress classes, IP addresses, service CIDRs",
    slow,
    async ({ kubeconfig, namespace }) => {
      const p = namespace;
      try {
        await must(namespace, ["create", "deployment", "web", "--image=nginx", "--replicas=2"]);
        await must(namespace, ["expose", "deployment", "web", "--port=80", "--target-port=8080"]);
        await must(namespace, ["create", "service", "clusterip", "other", "--tcp=8443:443"]);
        await must(namespace, ["apply", "-f", "-"], ingresses(p));
        await must(namespace, ["rollout", "status", "deployment/web", "--timeout=60s"]);
        // The EndpointSlice controller lists both pods once they are ready.
        await must(namespace, [
          "wait",
          "--for=jsonpath={.endpoints[1].conditions.ready}=true",
          "endpointslices",
          "-l",
          "kubernetes.io/service-name=web",
          "--timeout=60s",
        ]);
        // The service's cluster IP is an IPAddress object, allocated from the cluster's ServiceCIDR.
        const ip = await kubectl(["get", "service", "web", "-o", "jsonpath={.spec.clusterIP}"], {
          namespace,
        });
        await expectEachLikeKubectl(
          [
            ["describe", "ingress", "-n", namespace],
            ["describe", "ingressclass", `${p}-nginx`],
            ["describe", "ipaddress", ip.stdout],
            ["describe", "servicecidr", "kubernetes"],
          ],
          kubeconfig,
        );
      } finally {
        await kubectl(["delete", "ingressclass", `${p}-nginx`, "--wait=false", "--ignore-not-found"]);
      }
    },
  );

  test(
    "replication controllers, pod disruption budgets, priority classes, endpoints and endpoint slices",
    slow,
    async ({ kubeconfig, namespace }) => {
      const p = namespace;
      try {
        await must(namespace, ["apply", "-f", "-"], others(p));
        await must(namespace, ["expose", "replicationcontroller", "legacy", "--port=80", "--name=legacy"]);
        await must(namespace, ["create", "service", "clusterip", "empty", "--tcp=80:80"]);
        await must(namespace, [
          "wait",
          "--for=jsonpath={.status.readyReplicas}=2",
          "rc/legacy",
          "--timeout=60s",
        ]);
        await must(namespace, [
          "wait",
          "--for=jsonpath={.status.expectedPods}=2",
          "pdb/legacy",
          "--timeout=60s",
        ]);
        await must(namespace, [
          "wait",
          "--for=jsonpath={.endpoints[1].conditions.ready}=true",
          "endpointslices",
          "-l",
          "kubernetes.io/service-name=legacy",
          "--timeout=60s",
        ]);
        await expectEachLikeKubectl(
          [
            ["describe", "replicationcontroller", "legacy", "-n", namespace],
            ["describe", "poddisruptionbudget", "-n", namespace],
            ["describe", "priorityclass", `${p}-high`],
            ["describe", "priorityclass", "system-node-critical"],
            ["describe", "endpoints", "-n", namespace],
            ["describe", "endpointslice", "-n", namespace],
          ],
          kubeconfig,
        );
      } finally {
        await kubectl(["delete", "priorityclass", `${p}-high`, "--wait=false", "--ignore-not-found"]);
      }
    },
  );

  test(
    "network policies: isolating, allowing ingress and egress by IP block, namespace and pod selectors, ports and port ranges",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(namespace, ["apply", "-f", "-"], networkPolicies);
      await expectEachLikeKubectl([["describe", "networkpolicy", "-n", namespace]], kubeconfig);
    },
  );

  test(
    "horizontal pod autoscalers: every metric type (no metrics server here: current values unknown), behavior, conditions, also asked for as v1",
    slow,
    async ({ kubeconfig, namespace }) => {
      await must(namespace, ["create", "deployment", "web", "--image=nginx"]);
      await must(namespace, ["apply", "-f", "-"], autoscalers);
      // The HPA controller's first pass sets its conditions; events keep coming (left out: they would
      // change between the two runs).
      for (const hpa of ["web", "plain"])
        await must(namespace, ["wait", "--for=condition=ScalingActive=false", `hpa/${hpa}`, "--timeout=60s"]);
      await expectEachLikeKubectl(
        [
          ["describe", "horizontalpodautoscaler", "--show-events=false", "-n", namespace],
          // kubectl's describer reads autoscaling/v2 whatever version is asked for.
          ["describe", "hpa.v1.autoscaling", "web", "--show-events=false", "-n", namespace],
        ],
        kubeconfig,
      );
    },
  );

  test(
    "certificate signing requests: subject and alternative names from the PKCS#10 request, signer, duration, status",
    slow,
    async ({ kubeconfig, namespace }) => {
      const dir = await mkdtemp(join(tmpdir(), "kr8s-csr-"));
      const request = async (name: string, subject: string, ...extra: string[]): Promise<string> => {
        const out = join(dir, `${name}.csr`);
        const made = await run("openssl", [
          "req",
          "-new",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          join(dir, `${name}.key`),
          "-subj",
          subject,
          ...extra,
          "-out",
          out,
        ]);
        expect(made.exitCode, made.stderr).toBe(0);
        return (await readFile(out)).toString("base64");
      };
      const full = await request(
        "full",
        "/CN=alice/O=devs/O=ops/OU=team/C=NL/L=Amsterdam/ST=NH/serialNumber=42",
        "-addext",
        "subjectAltName=DNS:a.example,DNS:b.example,IP:10.0.0.5,IP:2001:db8::1,email:a@example.com,URI:spiffe://x/y",
      );
      const bare = await request("bare", "/CN=bob");
      const names = [`${namespace}-full`, `${namespace}-bare`];
      try {
        await must("", ["apply", "-f", "-"], csrs(namespace, full, bare));
        await must("", ["certificate", "deny", names[0] ?? ""]);
        await must("", ["certificate", "approve", names[1] ?? ""]);
        await expectEachLikeKubectl([["describe", "csr", ...names, "--show-events=false"]], kubeconfig);
      } finally {
        await kubectl(["delete", "csr", ...names, "--ignore-not-found"]);
      }
    },
  );
});

const workloads = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 2
  # No storage provisioner here: the pods stay Pending; in parallel, both are created all the same.
  podManagementPolicy: Parallel
  selector: { matchLabels: { app: db } }
  updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: 1 } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: c, image: postgres }] }
  volumeClaimTemplates:
  - metadata: { name: data, labels: { tier: storage } }
    spec: { accessModes: [ReadWriteOnce, ReadOnlyMany], resources: { requests: { storage: 1Gi } } }
  - metadata: { name: scratch, annotations: { note: kept } }
    spec: { storageClassName: fast, accessModes: [ReadWriteOnce], resources: { requests: { storage: 2Gi } } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { nodeSelector: { kubernetes.io/os: linux }, containers: [{ name: c, image: busybox }] }
---
apiVersion: batch/v1
kind: Job
metadata: { name: indexed }
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 2
  suspend: true
  backoffLimit: 2
  ttlSecondsAfterFinished: 100
  activeDeadlineSeconds: 600
  template:
    spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] }
`;

const storage = (p: string): string => `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${p}-fast, annotations: { storageclass.kubernetes.io/is-default-class: "false", note: x } }
provisioner: example.com/fast
parameters: { type: ssd, zone: a }
allowVolumeExpansion: true
mountOptions: [debug, noatime]
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
allowedTopologies:
- matchLabelExpressions: [{ key: topology.kubernetes.io/zone, values: [a, b] }]
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${p}-host, labels: { kind: host } }
spec:
  capacity: { storage: 5Gi }
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ${p}-manual
  hostPath: { path: /data, type: DirectoryOrCreate }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${p}-local }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOncePod]
  volumeMode: Block
  local: { path: /mnt/disk }
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - { key: kubernetes.io/hostname, operator: In, values: [kwok-node-0] }
        - { key: disk, operator: Exists }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${p}-csi }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteMany]
  csi: { driver: csi.example.com, volumeHandle: vol-1, fsType: ext4, volumeAttributes: { b: "2", a: "1" } }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${p}-nfs }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteMany]
  storageClassName: ${p}-other
  nfs: { server: nfs.example, path: /exports }
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: { name: ${p}-csi, labels: { zone: a } }
spec:
  drivers:
  - name: csi.example.com
    nodeID: n-1
    allocatable: { count: 12 }
    topologyKeys: [topology.kubernetes.io/zone, kubernetes.io/hostname]
  - { name: other.example.com, nodeID: n-2 }
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: { name: ${p}-csi-empty }
spec: { drivers: [] }
`;

// A claim the host-path volume binds (same class), one that stays Pending, and a pod that uses the first.
const claims = (p: string): string => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: claim }
spec:
  storageClassName: ${p}-manual
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: lonely, annotations: { volume.beta.kubernetes.io/storage-class: ${p}-none } }
spec:
  accessModes: [ReadWriteOnce]
  volumeMode: Filesystem
  resources: { requests: { storage: 1Gi } }
---
apiVersion: v1
kind: Pod
metadata: { name: user }
spec:
  containers: [{ name: c, image: nginx }]
  volumes: [{ name: v, persistentVolumeClaim: { claimName: claim } }, { name: w, persistentVolumeClaim: { claimName: lonely } }]
`;

const rbac = (p: string): string => `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: editor, labels: { team: a } }
rules:
- { apiGroups: ["", apps], resources: [pods, deployments, deployments/scale], verbs: [get, list, watch] }
- { apiGroups: [""], resources: [pods], verbs: [delete, get] }
- { apiGroups: [""], resources: [configmaps], resourceNames: [b, a], verbs: [update, get] }
- { apiGroups: [""], resources: [secrets, pods/log], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: editors }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: editor }
subjects:
- { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }
- { kind: ServiceAccount, name: robot, namespace: ${p} }
- { kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${p}-viewer, annotations: { note: kept } }
rules:
- { apiGroups: ["*"], resources: ["*"], verbs: [get, list] }
- { nonResourceURLs: [/healthz, /metrics], verbs: [get, post] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${p}-viewers }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${p}-viewer }
subjects: [{ kind: ServiceAccount, name: default, namespace: ${p} }]
`;

const ingresses = (p: string): string => `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: ${p}-nginx, labels: { tier: edge } }
spec:
  controller: example.com/ingress
  parameters: { apiGroup: k8s.example.com, kind: Params, name: p }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: site, annotations: { note: x } }
spec:
  ingressClassName: ${p}-nginx
  defaultBackend: { service: { name: web, port: { number: 80 } } }
  tls:
  - { hosts: [a.example, b.example], secretName: tls }
  - { hosts: [c.example] }
  rules:
  - host: a.example
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
      - { path: /api, pathType: Exact, backend: { service: { name: missing, port: { name: http } } } }
      - { path: /x, pathType: Prefix, backend: { service: { name: other, port: { number: 8443 } } } }
  - http:
      paths:
      - path: /static
        pathType: ImplementationSpecific
        backend: { resource: { apiGroup: k8s.example.com, kind: Bucket, name: assets } }
  - host: nohttp.example
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: bare }
spec:
  defaultBackend: { resource: { kind: Bucket, name: b } }
`;

const others = (p: string): string => `
apiVersion: v1
kind: ReplicationController
metadata: { name: legacy }
spec:
  replicas: 2
  selector: { app: legacy }
  template:
    metadata: { labels: { app: legacy } }
    spec: { containers: [{ name: c, image: nginx, ports: [{ containerPort: 80, name: http }] }] }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: legacy }
spec: { minAvailable: 1, selector: { matchLabels: { app: legacy } } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: everything }
spec: { maxUnavailable: 50% }
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: ${p}-high, annotations: { a: b } }
value: 1000
description: important things
preemptionPolicy: Never
`;

const networkPolicies = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, labels: { tier: web } }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock: { cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16] }
    - namespaceSelector: { matchLabels: { team: a } }
      podSelector: { matchExpressions: [{ key: role, operator: In, values: [fe, be] }] }
    - podSelector: { matchLabels: { role: x } }
    ports:
    - { protocol: TCP, port: 80 }
    - { port: http }
    - { protocol: UDP, port: 3000, endPort: 3100 }
  - {}
  egress:
  - to: [{ namespaceSelector: {} }]
    ports: [{ protocol: UDP, port: 53 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ingress-only }
spec:
  podSelector: { matchLabels: { x: z } }
  ingress: [{ ports: [{ protocol: SCTP }] }]
`;

const autoscalers = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - { type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }
  - { type: Resource, resource: { name: memory, target: { type: AverageValue, averageValue: 100Mi } } }
  - type: ContainerResource
    containerResource: { name: cpu, container: nginx, target: { type: Utilization, averageUtilization: 60 } }
  - { type: Pods, pods: { metric: { name: packets }, target: { type: AverageValue, averageValue: 1k } } }
  - type: Object
    object:
      metric: { name: requests }
      describedObject: { apiVersion: networking.k8s.io/v1, kind: Ingress, name: site }
      target: { type: Value, value: 10k }
  - type: Object
    object:
      metric: { name: hits }
      describedObject: { apiVersion: v1, kind: Service, name: web }
      target: { type: AverageValue, averageValue: "5" }
  - { type: External, external: { metric: { name: queue }, target: { type: Value, value: "30" } } }
  - { type: External, external: { metric: { name: lag }, target: { type: AverageValue, averageValue: 500m } } }
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 0
      policies: [{ type: Percent, value: 100, periodSeconds: 15 }, { type: Pods, value: 4, periodSeconds: 15 }]
      selectPolicy: Max
    scaleDown:
      policies: [{ type: Percent, value: 10, periodSeconds: 60 }]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: plain }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 3
`;

const csrs = (p: string, full: string, bare: string): string => `
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: { name: ${p}-full, labels: { team: a } }
spec:
  request: ${full}
  signerName: example.com/signer
  expirationSeconds: 86400
  usages: [client auth]
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: { name: ${p}-bare }
spec:
  request: ${bare}
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
`;

/**
 * One volume of every source type of the v1 API, with the optional fields some set and some not (a
 * secret reference or none, a LUN or none). The in-tree plugins are retired but still served: the server
 * accepts them (with a deprecation warning) and kubectl still describes them.
 */
const everyVolume = [
  { name: "host", hostPath: { path: "/var/log", type: "Directory" } },
  { name: "empty", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
  { name: "gce", gcePersistentDisk: { pdName: "disk1", fsType: "ext4", partition: 2, readOnly: true } },
  { name: "aws", awsElasticBlockStore: { volumeID: "vol-1" } },
  { name: "git", gitRepo: { repository: "https://example.com/r.git", revision: "abc" } },
  { name: "secret", secret: { secretName: "s1", optional: true } },
  { name: "cm", configMap: { name: "c1" } },
  { name: "nfs", nfs: { server: "10.0.0.9", path: "/exports" } },
  {
    name: "iscsi",
    iscsi: {
      targetPortal: "10.0.0.1:3260",
      iqn: "iqn.2001-04.com.example:storage",
      lun: 0,
      portals: ["10.0.0.2:3260", "10.0.0.3:3260"],
      chapAuthDiscovery: true,
      secretRef: { name: "chap" },
      initiatorName: "iqn.1996-04.de.suse:01:abc",
    },
  },
  { name: "iscsi-bare", iscsi: { targetPortal: "10.0.0.1", iqn: "iqn.2001-04.com.example:s2", lun: 1 } },
  { name: "gluster", glusterfs: { endpoints: "ep", path: "vol", readOnly: true } },
  { name: "claim", persistentVolumeClaim: { claimName: "data" } },
  {
    name: "ephemeral",
    ephemeral: {
      volumeClaimTemplate: {
        metadata: { labels: { a: "b", c: "d" }, annotations: { x: "1", z: "2" } },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: "fast",
          resources: { requests: { storage: "1Gi" } },
          dataSource: { kind: "PersistentVolumeClaim", name: "source" },
        },
      },
    },
  },
  {
    name: "ephemeral-block",
    ephemeral: {
      volumeClaimTemplate: {
        spec: {
          accessModes: ["ReadWriteOnce"],
          volumeMode: "Block",
          resources: { requests: { storage: "1Gi" } },
        },
      },
    },
  },
  {
    name: "rbd",
    rbd: { monitors: ["10.0.0.1:6789", "10.0.0.2:6789"], image: "foo", secretRef: { name: "ceph" } },
  },
  { name: "quobyte", quobyte: { registry: "registry:7861", volume: "v" } },
  {
    name: "downward",
    downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] },
  },
  { name: "azure-disk", azureDisk: { diskName: "d", diskURI: "https://example.com/d.vhd" } },
  { name: "vsphere", vsphereVolume: { volumePath: "[ds] vol/x.vmdk", storagePolicyName: "gold" } },
  { name: "cinder", cinder: { volumeID: "abc", secretRef: { name: "os" } } },
  { name: "cinder-bare", cinder: { volumeID: "abc" } },
  { name: "photon", photonPersistentDisk: { pdID: "p1" } },
  { name: "portworx", portworxVolume: { volumeID: "pv1" } },
  {
    name: "scaleio",
    scaleIO: { gateway: "https://gw", system: "sys", secretRef: { name: "sio" }, volumeName: "vn" },
  },
  {
    name: "cephfs",
    cephfs: { monitors: ["10.0.0.1:6789"], path: "/x", secretRef: { name: "cs" }, readOnly: true },
  },
  { name: "storageos", storageos: { volumeName: "v", volumeNamespace: "ns" } },
  { name: "fc", fc: { targetWWNs: ["500a0982991b8dc5", "500a0982891b8dc5"], lun: 2 } },
  { name: "fc-wwids", fc: { wwids: ["3600508b400105e210000900000490000"] } },
  { name: "azure-file", azureFile: { secretName: "s", shareName: "share" } },
  {
    name: "flex",
    flexVolume: { driver: "example.com/lvm", secretRef: { name: "f" }, options: { b: "2", a: "1" } },
  },
  { name: "flex-bare", flexVolume: { driver: "example.com/lvm" } },
  { name: "flocker", flocker: { datasetName: "ds" } },
  {
    name: "projected",
    projected: {
      sources: [
        { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
        { configMap: { name: "c1" } },
        { secret: { name: "s1", optional: true } },
        { downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
      ],
    },
  },
  {
    name: "csi",
    csi: { driver: "x.csi.example.com", readOnly: true, fsType: "xfs", volumeAttributes: { b: "c", a: "d" } },
  },
  { name: "csi-bare", csi: { driver: "y.csi.example.com" } },
];

const volumePodSpec = {
  nodeSelector: { "kr8s.test/no-such-node": "true" },
  containers: [{ name: "app", image: "nginx" }],
  volumes: everyVolume,
};

const volumeUsers = {
  apiVersion: "v1",
  kind: "List",
  items: [
    { apiVersion: "v1", kind: "Pod", metadata: { name: "volumes" }, spec: volumePodSpec },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "volumes" },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "volumes" } },
        template: { metadata: { labels: { app: "volumes" } }, spec: volumePodSpec },
      },
    },
  ],
};

/** A persistent volume of every source type, secrets with and without a namespace. */
const persistentVolumes = (p: string): unknown => {
  const sources: Record<string, unknown> = {
    gce: { gcePersistentDisk: { pdName: "d", fsType: "ext4" } },
    aws: { awsElasticBlockStore: { volumeID: "v", partition: 1, readOnly: true } },
    iscsi: {
      iscsi: {
        targetPortal: "10.0.0.1",
        iqn: "iqn.2001-04.com.example:s",
        lun: 3,
        secretRef: { name: "s", namespace: "n" },
        chapAuthSession: true,
      },
    },
    gluster: { glusterfs: { endpoints: "ep", path: "p", endpointsNamespace: "ns" } },
    "gluster-bare": { glusterfs: { endpoints: "ep", path: "p" } },
    rbd: { rbd: { monitors: ["m1"], image: "i", secretRef: { name: "s" } } },
    quobyte: { quobyte: { registry: "registry:7861", volume: "v" } },
    vsphere: { vsphereVolume: { volumePath: "p" } },
    cinder: { cinder: { volumeID: "v", secretRef: { name: "s", namespace: "n" } } },
    "azure-disk": {
      azureDisk: {
        diskName: "d",
        diskURI: "/subscriptions/a/resourcegroups/b/providers/microsoft.compute/disks/c",
        kind: "Managed",
        cachingMode: "None",
        readOnly: true,
      },
    },
    photon: { photonPersistentDisk: { pdID: "p", fsType: "ext3" } },
    portworx: { portworxVolume: { volumeID: "v" } },
    scaleio: {
      scaleIO: { gateway: "g", system: "s", volumeName: "v", secretRef: { name: "sn", namespace: "sns" } },
    },
    "scaleio-no-namespace": {
      scaleIO: { gateway: "g", system: "s", volumeName: "v", secretRef: { name: "sn" } },
    },
    cephfs: { cephfs: { monitors: ["a", "b"], secretRef: { name: "s", namespace: "n" } } },
    storageos: { storageos: { volumeName: "v" } },
    fc: { fc: { targetWWNs: ["500a0982991b8dc5"], lun: 0 } },
    "azure-file": { azureFile: { secretName: "s", shareName: "sh", secretNamespace: "ns" } },
    "azure-file-bare": { azureFile: { secretName: "s", shareName: "sh" } },
    flex: { flexVolume: { driver: "d", secretRef: { name: "s", namespace: "n" }, options: { k: "v" } } },
    flocker: { flocker: { datasetUUID: "u" } },
    // A 150-byte attribute: kubectl cuts the line at 140 bytes.
    csi: { csi: { driver: "d", volumeHandle: "h", volumeAttributes: { long: "y".repeat(150), a: "b" } } },
  };
  return {
    apiVersion: "v1",
    kind: "List",
    items: Object.entries(sources).map(([name, source]) => ({
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: `${p}-${name}`, labels: { volumes: p } },
      spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], ...(source as object) },
    })),
  };
};
