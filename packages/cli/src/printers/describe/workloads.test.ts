// What the e2e tests cannot reach on the local cluster: long completed-index lists, a pod list that
// fails, a claim template without a storage request (the API server refuses to create its claims).
import { describe, expect, it } from "vitest";
import { describeJob, describeReplicaSet, describeStatefulSet } from "./workloads.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");

describe("workload describers", () => {
  it("cuts an Indexed job's completed indexes at the first comma after 50 characters, as kubectl", () => {
    const indexes = Array.from({ length: 40 }, (_, i) => String(i * 2)).join(",");
    const text = describeJob(
      { metadata: { name: "j" }, spec: { completionMode: "Indexed" }, status: { completedIndexes: indexes } },
      undefined,
      NOW,
    );
    const line = /^Completed Indexes:\s+(.*)$/m.exec(text)?.[1] ?? "";
    expect(line).toBe(`${indexes.slice(0, indexes.indexOf(",", 50) + 1)}...`);
    expect(describeJob({ spec: { completionMode: "Indexed" } }, undefined, NOW)).toMatch(
      /^Completed Indexes:\s+<none>$/m,
    );
  });

  it("prints the job's duration from its start to its completion", () => {
    const text = describeJob(
      { status: { startTime: "2026-01-01T11:00:00Z", completionTime: "2026-01-01T11:03:12Z" } },
      undefined,
      NOW,
    );
    expect(text).toMatch(/^Duration:\s+3m12s$/m);
  });

  it("says why a replica set's pods could not be counted", () => {
    const text = describeReplicaSet({ metadata: { name: "rs" } }, new Error("forbidden"), undefined, NOW);
    expect(text).toMatch(/^Pods Status:\s+error in fetching pods: forbidden$/m);
  });

  it("shows a claim template without a storage request as <default>", () => {
    const text = describeStatefulSet(
      {
        spec: {
          volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"] } }],
        },
      },
      { running: 0, waiting: 0, succeeded: 0, failed: 0 },
      undefined,
      NOW,
    );
    expect(text).toMatch(/^ {2}Capacity:\s+<default>$/m);
    expect(text).toMatch(/^ {2}Access Modes:\s+\[ReadWriteOnce\]$/m);
  });
});
