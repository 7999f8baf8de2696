// `kr8s describe` of workload kinds (replica sets, stateful sets, daemon sets, jobs, cron jobs) in the
// variants describe-kinds.e2e.test.ts does not create, next to kubectl v1.33 on the same cluster and
// arguments: stdout, stderr and the exit code must be identical (ages normalised, see parity.ts).
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectDescribedLikeKubectl } from "./parity.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

async function must(namespace: string, args: string[], input?: string): Promise<void> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  expect(result.exitCode, `${args.join(" ")}: ${result.stderr}`).toBe(0);
}

/** `rollout status` refuses OnDelete daemon sets: wait until every node's pod is ready instead. */
async function daemonSetReady(namespace: string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await kubectl(
      ["get", "ds", name, "-o", "jsonpath={.status.desiredNumberScheduled} {.status.numberReady}"],
      { namespace },
    );
    const [desired, ready] = status.stdout.split(" ");
    if (desired !== undefined && desired !== "" && desired !== "0" && desired === ready) return;
    expect(Date.now(), `daemon set ${name} not ready: ${status.stdout}`).toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// Strategies, selectors and limits the other suite leaves at their defaults.
const variants = `
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: bare, labels: { tier: web }, annotations: { note: "kept" } }
spec:
  replicas: 0
  selector: { matchExpressions: [{ key: app, operator: In, values: [bare, other] }] }
  template:
    metadata: { labels: { app: bare } }
    spec: { containers: [{ name: c, image: busybox }] }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: pair }
spec:
  replicas: 2
  selector: { matchLabels: { app: pair } }
  template:
    metadata: { labels: { app: pair } }
    spec: { containers: [{ name: c, image: nginx, ports: [{ containerPort: 80 }] }] }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ondelete }
spec:
  serviceName: ondelete
  replicas: 1
  minReadySeconds: 5
  revisionHistoryLimit: 3
  persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete, whenScaled: Retain }
  selector: { matchLabels: { app: ondelete } }
  updateStrategy: { type: OnDelete }
  template:
    metadata: { labels: { app: ondelete } }
    spec: { containers: [{ name: c, image: busybox }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: everywhere }
spec:
  updateStrategy: { type: OnDelete }
  minReadySeconds: 3
  selector: { matchLabels: { app: everywhere } }
  template:
    metadata: { labels: { app: everywhere } }
    spec: { tolerations: [{ operator: Exists }], containers: [{ name: c, image: busybox }] }
---
apiVersion: batch/v1
kind: Job
metadata: { name: policy }
spec:
  backoffLimit: 0
  podFailurePolicy: { rules: [{ action: FailJob, onExitCodes: { operator: In, values: [42] } }] }
  template:
    spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 0 * * *"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  suspend: true
  startingDeadlineSeconds: 30
  successfulJobsHistoryLimit: 1
  failedJobsHistoryLimit: 2
  jobTemplate:
    metadata: { labels: { t: x } }
    spec:
      completions: 2
      parallelism: 1
      activeDeadlineSeconds: 100
      backoffLimit: 1
      template:
        spec: { restartPolicy: OnFailure, containers: [{ name: c, image: busybox }] }
`;

describe("kr8s describe prints what kubectl describe prints for workloads", () => {
  test(
    "replica sets (set-based selector, none wanted; pods running), stateful and daemon sets on delete, a job with a pod failure policy, a completed job, a suspended cron job with a time zone",
    slow,
    async ({ kubeconfig, namespace }) => {
      const n = ["-n", namespace];
      await must(namespace, ["apply", "-f", "-"], variants);
      await must(namespace, ["wait", "--for=jsonpath={.status.readyReplicas}=2", "rs/pair", "--timeout=60s"]);
      await daemonSetReady(namespace, "everywhere");
      await must(namespace, [
        "wait",
        "--for=jsonpath={.status.readyReplicas}=1",
        "statefulset/ondelete",
        "--timeout=60s",
      ]);
      await must(namespace, ["wait", "--for=jsonpath={.status.active}=1", "job/policy", "--timeout=60s"]);
      // KWOK completes a job's pods: the job's completion time, duration and succeeded count.
      await must(namespace, ["create", "job", "done", "--image=busybox", "--", "true"]);
      await must(namespace, ["wait", "--for=condition=complete", "job/done", "--timeout=60s"]);
      await expectDescribedLikeKubectl(
        [
          ["describe", "rs", "bare", ...n],
          ["describe", "replicasets", ...n],
          ["describe", "rs", "-l", "tier=web", ...n],
          ["describe", "sts", "ondelete", ...n],
          ["describe", "ds/everywhere", ...n],
          ["describe", "job", "policy", ...n],
          ["describe", "job", "done", ...n],
          // Events left out: a suspended cron job's are few, but their counts move while both clients run.
          ["describe", "cronjob", "nightly", "--show-events=false", ...n],
          ["describe", "cronjobs", "--show-events=false", ...n],
        ],
        kubeconfig,
      );
    },
  );
});
