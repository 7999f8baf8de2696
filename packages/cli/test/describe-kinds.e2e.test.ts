// `kr8s describe` of the kinds kubectl has a describer of its own for, beyond describe.e2e.test.ts's
// (namespaces, quotas, limit ranges, service accounts, workloads), next to kubectl v1.33 on the same cluster
// and arguments: stdout, stderr and the exit code must be identical (ages normalised, see parity.ts).
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl } from "./parity.ts";

// Each case starts two processes (and kr8s from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

async function must(namespace: string, args: string[], input?: string): Promise<void> {
  const result = await kubectl(args, { namespace, ...(input === undefined ? {} : { input }) });
  expect(result.exitCode, `${args.join(" ")}: ${result.stderr}`).toBe(0);
}

/** Each command, run by kr8s and kubectl, succeeds and prints the same description. */
async function expectEachLikeKubectl(
  commands: readonly (readonly string[])[],
  kubeconfig: string,
): Promise<void> {
  for (const args of commands) {
    const result = await sameAsKubectl(args, kubeconfig);
    expect(result.ours.exitCode, args.join(" ")).toBe(0);
    expect(result.ours.stdout, args.join(" ")).toMatch(/^Name:/);
    expectSame(result);
  }
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
});
