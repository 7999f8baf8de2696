// `kr8s describe` and kubectl v1.33 on the same cluster, the same namespace and the same arguments: stdout,
// stderr and the exit code must be identical (ages normalised, see parity.ts). A fresh namespace per test
// holds the objects; the few cluster-scoped ones (a node, a CRD) are named after it and deleted after.
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl } from "./parity.ts";
import { kr8s } from "./run-cli.ts";
import { crdManifest } from "./crd.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

async function apply(namespace: string, yaml: string): Promise<void> {
  const applied = await kubectl(["apply", "-f", "-"], { namespace, input: yaml });
  expect(applied.exitCode, applied.stderr).toBe(0);
}

async function wait(namespace: string, ...args: string[]): Promise<void> {
  const waited = await kubectl(["wait", "--timeout=50s", ...args], { namespace });
  expect(waited.exitCode, waited.stderr).toBe(0);
}

/**
 * Each command, run by kr8s and kubectl, succeeds and shows the same thing (`normalise` rewrites both
 * stdouts the same way first).
 */
async function expectEachLikeKubectl(
  commands: readonly (readonly string[])[],
  kubeconfig: string,
  normalise?: (stdout: string) => string,
): Promise<void> {
  for (const args of commands) {
    const result = await sameAsKubectl(args, kubeconfig, normalise ? { normalise } : {});
    expect(result.ours.exitCode, args.join(" ")).toBe(0);
    expect(result.ours.stdout, args.join(" ")).toMatch(/^Name:/);
    expectSame(result, normalise);
  }
}

/**
 * kubectl prints ConfigMap and Secret data (and BinaryData) in Go's random map order; kr8s sorts the keys. The entries of
 * both outputs are sorted before comparing, so that the rest is still compared byte for byte.
 */
function sortDataEntries(text: string): string {
  return text
    .replace(/\nData\n====\n([\s\S]*?)(?=\nBinaryData\n====\n|\n\n\nName: |$)/g, (_all, body: string) => {
      const isConfigMap = /^[^\n]+:\n----\n/.test(body);
      const sorted = isConfigMap
        ? body.split(/(?=^[^\n\t ]+:\n----\n)/m).sort()
        : body.split(/(?<=\n)/).sort();
      return `\nData\n====\n${sorted.join("")}`;
    })
    .replace(
      // BinaryData lines (`name: N bytes`) also come in Go's map order.
      /\nBinaryData\n====\n((?:[^\n]+: \d+ bytes\n)+)/g,
      (_all, body: string) =>
        `\nBinaryData\n====\n${body
          .split(/(?<=\n)/)
          .sort()
          .join("")}`,
    );
}

const configData = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels: { app: web, example.com/team: "007" }
  annotations:
    note: "short"
    long: "${"word ".repeat(40)}"
    multi: |
      first line
      second line
data:
  a: "1"
  script: |
    #!/bin/sh
    echo "tab	separated"
  empty: ""
binaryData:
  blob: AAECAwQFBgc=
  more: /w==
---
apiVersion: v1
kind: ConfigMap
metadata: { name: bare }
---
apiVersion: v1
kind: Secret
metadata: { name: opaque, labels: { app: web } }
type: Opaque
stringData: { password: hunter2, user: admin, empty: "" }
---
apiVersion: v1
kind: Secret
metadata: { name: basic }
type: kubernetes.io/basic-auth
stringData: { username: u, password: secret-password }
---
apiVersion: v1
kind: Secret
metadata: { name: registry }
type: kubernetes.io/dockerconfigjson
stringData: { .dockerconfigjson: '{"auths":{"r.example.com":{"auth":"dTpw"}}}' }
`;

const pods = `
apiVersion: v1
kind: Pod
metadata:
  name: full
  labels: { app: full, tier: back }
  annotations: { example.com/owner: "team a" }
spec:
  priority: 0
  nodeSelector: { type: kwok }
  tolerations:
  - { key: example.com/gpu, operator: Exists, effect: NoSchedule }
  - { key: example.com/zone, operator: Equal, value: a, effect: NoExecute, tolerationSeconds: 60 }
  - { operator: Exists }
  initContainers:
  - name: setup
    image: busybox
    command: [sh, -c, "echo setup\\necho done"]
  containers:
  - name: app
    image: nginx:1.27
    args: [--port, "8080"]
    ports: [{ containerPort: 8080, name: http }, { containerPort: 9090, protocol: UDP }]
    resources:
      requests: { cpu: 100m, memory: 64Mi }
      limits: { cpu: 500m, memory: 128Mi }
    livenessProbe: { httpGet: { path: /healthz, port: http }, initialDelaySeconds: 3 }
    readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 }
    startupProbe: { exec: { command: [cat, /tmp/ready] }, failureThreshold: 30 }
    envFrom:
    - configMapRef: { name: settings }
    - secretRef: { name: opaque, optional: true }
      prefix: SECRET_
    env:
    - { name: PLAIN, value: "hello" }
    - { name: MULTI, value: "line one\\nline two" }
    - name: FROM_CM
      valueFrom: { configMapKeyRef: { name: settings, key: a } }
    - name: FROM_SECRET
      valueFrom: { secretKeyRef: { name: opaque, key: password, optional: false } }
    - name: POD_NAME
      valueFrom: { fieldRef: { fieldPath: metadata.name } }
    - name: NODE
      valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
    - name: TIER
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } }
    - name: CPU_LIMIT
      valueFrom: { resourceFieldRef: { resource: limits.cpu, divisor: 1m } }
    - name: MEM_REQUEST
      valueFrom: { resourceFieldRef: { resource: requests.memory, divisor: 1Mi } }
    - name: MEM_LIMIT
      valueFrom: { resourceFieldRef: { resource: limits.memory } }
    volumeMounts:
    - { name: cache, mountPath: /cache }
    - { name: config, mountPath: /etc/config, readOnly: true }
    - { name: creds, mountPath: /etc/creds, subPath: user }
  - name: sidecar
    image: busybox
    command: [sleep, infinity]
    env:
    - name: CPU_LIMIT
      valueFrom: { resourceFieldRef: { resource: limits.cpu } }
    - name: MEM_REQUEST
      valueFrom: { resourceFieldRef: { resource: requests.memory } }
    volumeMounts: [{ name: info, mountPath: /info }, { name: host, mountPath: /host }]
  volumes:
  - { name: cache, emptyDir: { medium: Memory, sizeLimit: 64Mi } }
  - { name: scratch, emptyDir: {} }
  - { name: config, configMap: { name: settings } }
  - { name: creds, secret: { secretName: opaque, optional: true } }
  - { name: host, hostPath: { path: /var/log, type: Directory } }
  - name: info
    downwardAPI:
      items:
      - { path: labels, fieldRef: { fieldPath: metadata.labels } }
      - { path: cpu, resourceFieldRef: { containerName: app, resource: limits.cpu } }
  - name: mixed
    projected:
      sources:
      - secret: { name: opaque }
      - configMap: { name: settings, optional: true }
      - serviceAccountToken: { path: token, expirationSeconds: 3600 }
---
apiVersion: v1
kind: Pod
metadata: { name: stuck }
spec:
  nodeSelector: { example.com/no-such-node: "yes" }
  containers: [{ name: app, image: nginx, volumeMounts: [{ name: claim, mountPath: /data }] }]
  volumes: [{ name: claim, persistentVolumeClaim: { claimName: data, readOnly: true } }]
`;

describe("kr8s describe prints what kubectl describe prints", () => {
  test(
    "pods: init containers, several containers, env from ConfigMap and Secret, volumes, probes, tolerations, node selector; running and pending",
    slow,
    async ({ kubeconfig, namespace }) => {
      await apply(namespace, configData + "---" + pods);
      await wait(namespace, "--for=condition=Ready", "pod/full");
      await wait(namespace, "--for=condition=PodScheduled=false", "pod/stuck");
      await expectEachLikeKubectl(
        [
          ["describe", "pod", "full"],
          ["describe", "pod/stuck"],
          ["describe", "pods"],
          ["describe", "pods", "fu"],
          ["describe", "po", "-l", "app=full", "--show-events=false"],
          ["describe", "pod/full", "pod/stuck"],
        ].map((args) => [...args, "-n", namespace]),
        kubeconfig,
      );
    },
  );

  test(
    "deployments: rolling update and recreate, old and new replica sets, template annotations",
    slow,
    async ({ kubeconfig, namespace }) => {
      await apply(
        namespace,
        `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 2
  minReadySeconds: 1
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 50%, maxUnavailable: 1 } }
  selector: { matchLabels: { app: web }, matchExpressions: [{ key: tier, operator: In, values: [front, edge] }] }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      containers: [{ name: web, image: nginx:1.26, ports: [{ containerPort: 80 }] }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: batch, annotations: { example.com/why: "recreate" } }
spec:
  replicas: 1
  strategy: { type: Recreate }
  selector: { matchLabels: { app: batch } }
  template:
    metadata: { labels: { app: batch }, annotations: { example.com/template: "yes" } }
    spec:
      serviceAccountName: default
      tolerations: [{ key: example.com/batch, operator: Exists }]
      nodeSelector: { type: kwok }
      containers: [{ name: job, image: busybox, command: [sleep, "3600"], env: [{ name: A, value: b }] }]
`,
      );
      await wait(namespace, "--for=condition=Available", "deploy/web", "deploy/batch");
      const updated = await kubectl(["set", "image", "deploy/web", "web=nginx:1.27"], { namespace });
      expect(updated.exitCode, updated.stderr).toBe(0);
      const rolled = await kubectl(["rollout", "status", "deploy/web", "--timeout=90s"], { namespace });
      expect(rolled.exitCode, rolled.stderr).toBe(0);
      // Two more old replica sets of web, created in the reverse of their names' order: kubectl lists the
      // old ones oldest first (deploymentutil sorts them by creation time), not by name.
      const uid = (await kubectl(["get", "deploy/web", "-o", "jsonpath={.metadata.uid}"], { namespace }))
        .stdout;
      for (const [name, hash] of [
        ["web-zz-old", "zzold"],
        ["web-aa-old", "aaold"],
      ]) {
        const labels = { app: "web", tier: "front", "pod-template-hash": hash };
        const created = await kubectl(["create", "-f", "-"], {
          namespace,
          input: JSON.stringify({
            apiVersion: "apps/v1",
            kind: "ReplicaSet",
            metadata: {
              name,
              labels,
              ownerReferences: [
                { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid, controller: true },
              ],
            },
            spec: {
              replicas: 0,
              selector: { matchLabels: labels },
              template: {
                metadata: { labels },
                spec: { containers: [{ name: "web", image: "nginx:1.25" }] },
              },
            },
          }),
        });
        expect(created.exitCode, created.stderr).toBe(0);
        // Creation times count seconds.
        await new Promise((resolve) => setTimeout(resolve, 1100));
      }
      await expectEachLikeKubectl(
        [
          ["describe", "deploy", "web"],
          ["describe", "deployment/batch"],
          ["describe", "deployments.apps"],
        ].map((args) => [...args, "-n", namespace]),
        kubeconfig,
      );
      const web = await sameAsKubectl(["describe", "deploy", "web", "-n", namespace], kubeconfig);
      expect(web.ours.stdout).toMatch(/OldReplicaSets: +web-\w+ \(0\/0 replicas created\)/);
      expect(web.ours.stdout).toMatch(/web-zz-old \(0\/0 replicas created\), web-aa-old/);
    },
  );

  test(
    "services: ClusterIP, NodePort, headless and ExternalName, named and numeric ports, session affinity, endpoints",
    slow,
    async ({ kubeconfig, namespace }) => {
      await apply(
        namespace,
        `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx, ports: [{ containerPort: 80, name: http }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, labels: { app: web } }
spec:
  selector: { app: web }
  sessionAffinity: ClientIP
  ports: [{ name: http, port: 80, targetPort: http }, { name: metrics, port: 9090, targetPort: 9090 }]
---
apiVersion: v1
kind: Service
metadata: { name: nodeport }
spec:
  type: NodePort
  selector: { app: web }
  externalTrafficPolicy: Local
  ports: [{ port: 8080, targetPort: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: headless }
spec: { clusterIP: None, selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: external }
spec: { type: ExternalName, externalName: db.example.com }
---
apiVersion: v1
kind: Service
metadata: { name: lonely }
spec: { selector: { app: nothing }, ports: [{ port: 53, protocol: UDP }] }
`,
      );
      await wait(namespace, "--for=condition=Available", "deploy/web");
      await expectEachLikeKubectl(
        [
          ["describe", "svc", "web"],
          ["describe", "svc/nodeport", "svc/headless", "svc/external", "svc/lonely"],
          ["describe", "services"],
        ].map((args) => [...args, "-n", namespace]),
        kubeconfig,
      );
      const web = await sameAsKubectl(["describe", "svc", "web", "-n", namespace], kubeconfig);
      expect(web.ours.stdout).toMatch(/Endpoints: +[\d.:,]+ \+ 1 more\.\.\./);
    },
  );

  test(
    "nodes: a KWOK node with taints, labels, annotations and a pod with requests and limits",
    slow,
    async ({ kubeconfig, namespace }) => {
      // A node of the test's own (KWOK manages every node): its taints keep other tests' pods off it, so
      // its pod list is the test's.
      const node = `${namespace}-node`;
      await apply(
        "",
        `
apiVersion: v1
kind: Node
metadata:
  name: ${node}
  labels: { node-role.kubernetes.io/edge: "", kubernetes.io/role: gateway, example.com/rack: r1 }
  annotations: { example.com/note: "a node of the describe test" }
spec:
  unschedulable: true
  taints:
  - { key: example.com/dedicated, value: edge, effect: NoSchedule }
  - { key: example.com/maintenance, effect: NoExecute }
`,
      );
      try {
        await apply(
          namespace,
          `
apiVersion: v1
kind: Pod
metadata: { name: placed }
spec:
  nodeName: ${node}
  tolerations: [{ operator: Exists }]
  initContainers:
  - { name: init, image: busybox, resources: { requests: { cpu: "1", memory: 32Mi } } }
  containers:
  - { name: a, image: nginx, resources: { requests: { cpu: 250m, memory: 64Mi }, limits: { cpu: 500m, memory: 128Mi } } }
  - { name: b, image: nginx, resources: { requests: { cpu: 100m } } }
`,
        );
        await wait(namespace, "--for=jsonpath={.status.phase}=Running", "pod/placed");
        await expectEachLikeKubectl([["describe", "node", node]], kubeconfig);
        // The init container's cpu request (1) outweighs the containers' sum (350m), as in kubectl.
        const ours = await kr8s(["describe", "node", node, "--kubeconfig", kubeconfig]);
        expect(ours.stdout).toMatch(/placed +1 \(0%\) +500m \(0%\) +64Mi \(0%\) +128Mi \(0%\)/);
      } finally {
        await kubectl(["delete", "pod", "placed", "--wait=false"], { namespace });
        await kubectl(["delete", "node", node, "--wait=false"]);
      }
    },
  );

  test(
    "configmaps with binary data and secrets of several types: values never printed, only their sizes",
    slow,
    async ({ kubeconfig, namespace }) => {
      await apply(namespace, configData);
      const commands = [
        ["describe", "cm", "settings"],
        ["describe", "configmaps"],
        ["describe", "secret", "opaque"],
        ["describe", "secrets", "basic", "registry"],
        ["describe", "cm", "-l", "app=web"],
        ["describe", "cm/bare", "--show-events=false"],
      ];
      await expectEachLikeKubectl(
        commands.map((args) => [...args, "-n", namespace]),
        kubeconfig,
        sortDataEntries,
      );
      const secrets = await kr8s(["describe", "secrets", "--kubeconfig", kubeconfig, "-n", namespace]);
      expect(secrets.stdout).toMatch(/^password: +7 bytes$/m);
      expect(secrets.stdout).not.toMatch(/hunter2|secret-password|dTpw/);
    },
  );

  test(
    "a service-account token: kubectl prints the token, kr8s only its size",
    slow,
    async ({ kubeconfig, namespace }) => {
      await apply(
        namespace,
        `
apiVersion: v1
kind: Secret
metadata: { name: sa-token, annotations: { kubernetes.io/service-account.name: default } }
type: kubernetes.io/service-account-token
`,
      );
      const ready = await kubectl(
        ["wait", "--for=jsonpath={.data.token}", "secret/sa-token", "--timeout=60s"],
        {
          namespace,
        },
      );
      expect(ready.exitCode, ready.stderr).toBe(0);
      const withoutToken = (text: string): string =>
        sortDataEntries(text).replace(/^token:\s+.*$/m, "token: …");
      const result = await sameAsKubectl(["describe", "secret", "sa-token", "-n", namespace], kubeconfig, {
        normalise: withoutToken,
      });
      expectSame(result, withoutToken);
      const token = /^token:\s+(\S+)$/m.exec(result.theirs.stdout)?.[1] ?? "";
      expect(token.length).toBeGreaterThan(100);
      expect(result.ours.stdout).not.toContain(token);
      expect(result.ours.stdout).toMatch(new RegExp(`^token:\\s+${token.length} bytes$`, "m"));
    },
  );

  test(
    "every other kind through kubectl's generic describer: a custom resource, a CRD, a lease; by name, listed, by prefix",
    slow,
    async ({ kubeconfig, namespace }) => {
      const group = `${namespace}.example.com`;
      await apply("", crdManifest({ group, plural: "widgets", kind: "Widget" }));
      try {
        await wait("", "--for=condition=Established", `crd/widgets.${group}`);
        await apply(
          namespace,
          `
apiVersion: ${group}/v1
kind: Widget
metadata: { name: gadget, labels: { app: w } }
spec:
  size: 3
  ratio: 0.25
  enabled: true
  nothing: null
  tags: [a, b]
  nested: [[1, 2], { deep: { x: y } }]
  ports: [{ name: http, containerPort: 80 }]
  apiURL: https://example.com
  max-surge: 10
  v2Field: x
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: mine }
spec: { holderIdentity: me, leaseDurationSeconds: 15, renewTime: "2026-01-02T03:04:05.123456Z" }
`,
        );
        await expectEachLikeKubectl(
          [
            ["describe", "widgets", "gadget", "-n", namespace],
            ["describe", `widget.${group}/gadget`, "-n", namespace],
            ["describe", "crd", `widgets.${group}`],
            ["describe", "lease", "mine", "-n", namespace],
            // Listed, list items carry no apiVersion and kind: kubectl prints them all the same.
            ["describe", "lease", "-n", namespace],
            ["describe", "lease", "mi", "-n", namespace],
            ["describe", "widgets", "-l", "app=w", "-n", namespace],
          ],
          kubeconfig,
        );
      } finally {
        await kubectl(["delete", "crd", `widgets.${group}`, "--wait=false"]);
      }
    },
  );

  test(
    "errors: not found, unknown type, nothing matched, a bad selector, names across namespaces",
    slow,
    async ({ kubeconfig, namespace }) => {
      await apply(namespace, configData);
      for (const args of [
        ["describe", "cm", "nope"],
        ["describe", "cm/nope"],
        ["describe", "cm", "settings", "nope"],
        ["describe", "bogus", "x"],
        ["describe", "cm", "-l", "app=nothing"],
        // The server refuses the selector: kubectl names each list it made (`Unable to find …`).
        ["describe", "cm,secrets", "-l", "a b"],
        ["describe", "cm", ""],
        ["describe", "cm", "settings", "", "nope"],
        ["describe", "pods"],
        ["describe", "cm", "x", "-A"],
        ["describe"],
        ["describe", "cm", "settings", "--show-events=maybe"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig, {
          normalise: sortDataEntries,
        });
        expect(result.ours.stderr, args.join(" ")).not.toBe("");
        expectSame(result, sortDataEntries);
      }
    },
  );
});
