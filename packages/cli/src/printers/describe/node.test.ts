import { describe, expect, test } from "vitest";
import { describeDeployment } from "./deployment.ts";
import { describeNode } from "./node.ts";
import { describePod } from "./pod.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");
process.env.TZ = "UTC";

describe("node, pod and deployment describers", () => {
  test("a node: roles, requests and limits of its pods with percentages of allocatable, totals, extended resources", () => {
    const pod = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}) => ({
      metadata: { name, namespace: "ns", creationTimestamp: "2026-01-01T11:00:00Z" },
      spec: { containers: [{ name: "c", resources: { requests, limits } }] },
    });
    const text = describeNode(
      {
        metadata: {
          name: "n1",
          labels: { "node-role.kubernetes.io/worker": "", "kubernetes.io/role": "edge" },
          creationTimestamp: "2026-01-01T00:00:00Z",
        },
        status: {
          allocatable: { cpu: "2", memory: "4Gi", "example.com/gpu": "4", pods: "110" },
          addresses: [{ type: "InternalIP", address: "10.0.0.1" }],
        },
      },
      [
        pod("a", { cpu: "500m", memory: "1Gi", "example.com/gpu": "1" }, { cpu: "1" }),
        pod("b", { cpu: "250m" }),
      ],
      { error: 'leases.coordination.k8s.io "n1" not found' },
      undefined,
      NOW,
    );
    expect(text).toContain("Roles:              edge,worker\n");
    expect(text).toContain(
      'Lease:              Failed to get lease: leases.coordination.k8s.io "n1" not found\n',
    );
    expect(text).toContain(
      [
        "Non-terminated Pods:          (2 in total)",
        "  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
        "  ---------                   ----    ------------  ----------  ---------------  -------------  ---",
        "  ns                          a       500m (25%)    1 (50%)     1Gi (25%)        0 (0%)         60m",
        "  ns                          b       250m (12%)    0 (0%)      0 (0%)           0 (0%)         60m",
        "Allocated resources:",
        "  (Total limits may be over 100 percent, i.e., overcommitted.)",
        "  Resource           Requests    Limits",
        "  --------           --------    ------",
        "  cpu                750m (37%)  1 (50%)",
        "  memory             1Gi (25%)   0 (0%)",
        "  ephemeral-storage  0 (0%)      0 (0%)",
        "  example.com/gpu    1           0",
        "",
      ].join("\n"),
    );
    expect(text).not.toContain("Events");
  });

  test("a pod: each container's state, readiness and restarts, probes, env from field and resource refs", () => {
    const text = describePod(
      {
        metadata: {
          name: "p",
          namespace: "ns",
          ownerReferences: [{ kind: "ReplicaSet", name: "rs", controller: true }],
        },
        spec: {
          nodeName: "n1",
          containers: [
            {
              name: "app",
              image: "nginx",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              resources: { limits: { cpu: "1500m" } },
              readinessProbe: { httpGet: { path: "/ready", port: 80, scheme: "HTTP" }, periodSeconds: 10 },
              env: [
                { name: "NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
                { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
                { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory" } } },
              ],
            },
          ],
        },
        status: {
          phase: "Running",
          hostIP: "10.0.0.1",
          podIP: "10.1.0.5",
          podIPs: [{ ip: "10.1.0.5" }],
          qosClass: "Burstable",
          containerStatuses: [
            {
              name: "app",
              containerID: "containerd://abc",
              imageID: "docker.io/nginx@sha256:1",
              ready: false,
              restartCount: 2,
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: {
                terminated: {
                  reason: "Error",
                  exitCode: 1,
                  startedAt: "2026-01-01T11:00:00Z",
                  finishedAt: "2026-01-01T11:00:05Z",
                },
              },
            },
          ],
        },
      },
      [],
      NOW,
    );
    expect(text).toContain(
      [
        "Containers:",
        "  app:",
        "    Container ID:   containerd://abc",
        "    Image:          nginx",
        "    Image ID:       docker.io/nginx@sha256:1",
        "    Port:           80/TCP",
        "    Host Port:      0/TCP",
        "    State:          Waiting",
        "      Reason:       CrashLoopBackOff",
        "    Last State:     Terminated",
        "      Reason:       Error",
        "      Exit Code:    1",
        "      Started:      Thu, 01 Jan 2026 11:00:00 +0000",
        "      Finished:     Thu, 01 Jan 2026 11:00:05 +0000",
        "    Ready:          False",
        "    Restart Count:  2",
        "    Limits:",
        "      cpu:      1500m",
        "    Readiness:  http-get http://:80/ready delay=0s timeout=0s period=10s #success=0 #failure=0",
        "    Environment:",
        "      NAME:      p (v1:metadata.name)",
        "      CPU:       2 (limits.cpu)",
        "      MEM:       node allocatable (limits.memory)",
        "    Mounts:      <none>",
        "Volumes:         <none>",
        "QoS Class:       Burstable",
        "Node-Selectors:  <none>",
        "Tolerations:     <none>",
        "Events:          <none>",
        "",
      ].join("\n"),
    );
    expect(text).toContain("Node:         n1/10.0.0.1\n");
    expect(text).toContain("Controlled By:  ReplicaSet/rs\n");
  });

  test("a deployment: replicas, rolling-update strategy, and its old and new replica sets", () => {
    const text = describeDeployment(
      {
        metadata: { name: "web", namespace: "ns", creationTimestamp: "2026-01-01T00:00:00Z" },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: "web" } },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: 1 } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "web", image: "nginx" }] },
          },
        },
        status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2, unavailableReplicas: 1 },
      },
      {
        old: [{ metadata: { name: "web-1" }, spec: { replicas: 0 }, status: { replicas: 0 } }],
        new: [{ metadata: { name: "web-2" }, spec: { replicas: 3 }, status: { replicas: 3 } }],
      },
      undefined,
      NOW,
    );
    expect(text).toContain(
      "Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 unavailable\n",
    );
    expect(text).toContain("RollingUpdateStrategy:  25% max unavailable, 1 max surge\n");
    expect(text).toContain(
      "OldReplicaSets:    web-1 (0/0 replicas created)\nNewReplicaSet:     web-2 (3/3 replicas created)\n",
    );
    const none = describeDeployment(
      { metadata: { name: "d" }, spec: {} },
      { old: [], new: [] },
      undefined,
      NOW,
    );
    expect(none).not.toContain("ReplicaSet");
  });
});
