// Cases of kubectl v1.32's rollout_status_test.go that the e2e tests cannot produce on demand (a progress
// deadline passing, partitions, OnDelete); the e2e tests compare the ordinary states with kubectl itself.
import { describe, expect, it } from "vitest";
import { daemonSetRolloutStatus, deploymentRolloutStatus, statefulSetRolloutStatus } from "./rollout.ts";

const meta = (generation: number) => ({ name: "web", generation });

describe("rollout status as kubectl judges it", () => {
  it("a Deployment past its progress deadline is an error", () => {
    const status = deploymentRolloutStatus({
      metadata: meta(1),
      spec: { replicas: 1, selector: {}, template: {} },
      status: {
        observedGeneration: 1,
        conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
      },
    });
    expect(status).toEqual({
      done: false,
      message: 'deployment "web" exceeded its progress deadline',
      error: 'deployment "web" exceeded its progress deadline',
    });
  });

  it("a Deployment waits for its spec to be observed, then for old replicas to go", () => {
    const spec = { replicas: 2, selector: {}, template: {} };
    expect(
      deploymentRolloutStatus({ metadata: meta(2), spec, status: { observedGeneration: 1 } }).message,
    ).toBe("Waiting for deployment spec update to be observed...");
    expect(
      deploymentRolloutStatus({
        metadata: meta(2),
        spec,
        status: { observedGeneration: 2, updatedReplicas: 2, replicas: 3 },
      }),
    ).toEqual({
      done: false,
      message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    });
  });

  it("a partitioned StatefulSet is done once the pods above the partition are updated", () => {
    const sts = (updatedReplicas: number) => ({
      metadata: meta(1),
      spec: {
        replicas: 3,
        selector: {},
        serviceName: "",
        template: {},
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } },
      },
      status: { replicas: 3, readyReplicas: 3, observedGeneration: 1, updatedReplicas },
    });
    expect(statefulSetRolloutStatus(sts(0))).toEqual({
      done: false,
      message: "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...",
    });
    expect(statefulSetRolloutStatus(sts(1))).toEqual({
      done: true,
      message: "partitioned roll out complete: 1 new pods have been updated...",
    });
  });

  it("OnDelete workloads have no rollout status", () => {
    const error = "rollout status is only available for RollingUpdate strategy type";
    expect(
      daemonSetRolloutStatus({
        metadata: meta(1),
        spec: { selector: {}, template: {}, updateStrategy: { type: "OnDelete" } },
      }).error,
    ).toBe(error);
    expect(
      statefulSetRolloutStatus({
        metadata: meta(1),
        spec: { selector: {}, serviceName: "", template: {}, updateStrategy: { type: "OnDelete" } },
      }).error,
    ).toBe(error);
  });
});
