// `kr8s explain` and kubectl v1.33 on the same cluster and arguments: stdout, stderr and the exit code must
// be identical (kubectl's output comes from the same OpenAPI v3 documents, so nothing is normalised).
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import type { RunResult } from "@kr8s/test-utils/exec";
import { kr8s } from "./run-cli.ts";

const slow = { timeout: 300_000 };

async function both(args: readonly string[], kubeconfig: string): Promise<[RunResult, RunResult]> {
  return Promise.all([kr8s([...args, "--kubeconfig", kubeconfig]), kubectl(args, { kubeconfig })]);
}

function expectSame([ours, theirs]: [RunResult, RunResult]): void {
  expect(ours.stdout).toBe(theirs.stdout);
  expect(ours.stderr.replaceAll('"kr8s ', '"kubectl ')).toBe(theirs.stderr);
  expect(ours.exitCode).toBe(theirs.exitCode);
}

describe("explain prints what kubectl prints", () => {
  test.for([
    ["pods"],
    ["pods.spec.containers"],
    ["deployments.spec.strategy"],
    ["deployments.apps.spec.paused"],
    ["Pod.status.phase"],
    ["po.spec.containers.resources.limits"],
    ["pods.metadata.labels"],
    ["configmaps", "--recursive"],
    ["pods.spec.affinity", "--recursive=true"],
    ["cronjobs", "--api-version=batch/v1"],
    ["nodes.status.conditions"],
    // a short name two resources declare: kubectl's warning on stderr
    ["ev.message"],
  ])("explain %s", slow, async (args, { kubeconfig }) => {
    const result = await both(["explain", ...args], kubeconfig);
    expectSame(result);
    expect(result[0].exitCode).toBe(0);
    expect(result[0].stdout).toMatch(/^(GROUP: .*\n)?KIND: /);
  });

  test.for([
    // an unknown type, an unknown field (kubectl prints the header first), bad --api-version values
    ["foo"],
    ["pods.spec.nope"],
    ["deployments", "--api-version=apps/v9"],
    ["deploy", "--api-version=v1"],
    ["pods", "--api-version=apps"],
    ["pods", "--output=yaml"],
    ["pods", "svc"],
    // short names only as declared
    ["PO"],
    [],
    // what kubectl's JSONPath reading of the argument refuses, before any header
    ["pods.spec.containers[0]"],
    [".pods"],
    ["po,svc"],
  ])("explain %s fails as kubectl does", slow, async (args, { kubeconfig }) => {
    const result = await both(["explain", ...args], kubeconfig);
    expectSame(result);
    expect(result[0].exitCode).toBe(1);
  });

  test(
    "a missing field in the middle of the path is named (kubectl names the path's last field)",
    slow,
    async ({ kubeconfig }) => {
      const [ours, theirs] = await both(["explain", "pods.spec.nope.deeper"], kubeconfig);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(theirs.stderr).toBe('error: field "deeper" does not exist\n');
      expect(ours.stderr).toBe('error: field "nope" does not exist\n');
      expect(ours.exitCode).toBe(1);
    },
  );

  test("--output=plaintext-openapiv2 is refused, saying what to use", slow, async ({ kubeconfig }) => {
    const ours = await kr8s(["explain", "pods", "--output=plaintext-openapiv2", "--kubeconfig", kubeconfig]);
    expect(ours.stdout).toBe("");
    expect(ours.stderr).toContain("use --output=plaintext");
    expect(ours.exitCode).toBe(1);
  });

  test(
    "a custom resource is explained from its CRD's schema, as kubectl does",
    slow,
    async ({ kubeconfig }) => {
      const group = `e${randomBytes(4).toString("hex")}.kr8s.test`;
      const crd = {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `gadgets.${group}` },
        spec: {
          group,
          scope: "Namespaced",
          names: { plural: "gadgets", singular: "gadget", kind: "Gadget", shortNames: ["gdg"] },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: "object",
                  description: "A Gadget is a test resource.",
                  properties: {
                    spec: {
                      type: "object",
                      required: ["size"],
                      externalDocs: { description: "How gadgets work.", url: "https://example.com/gadgets" },
                      properties: {
                        size: { type: "integer", description: "How big." },
                        mode: { type: "string", enum: ["", "Fast", "Slow", "Steady", "Off"] },
                        parts: {
                          type: "array",
                          items: { type: "object", properties: { name: { type: "string" } } },
                        },
                        labels: { type: "object", additionalProperties: { type: "string" } },
                        extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      };
      const created = await kubectl(["create", "-f", "-"], { kubeconfig, input: JSON.stringify(crd) });
      expect(created.exitCode, created.stderr).toBe(0);
      try {
        // The OpenAPI documents follow a new CRD a moment later: wait until kubectl can explain it.
        for (let i = 0; i < 60; i++) {
          if ((await kubectl(["explain", `gadgets.${group}.spec`], { kubeconfig })).exitCode === 0) break;
          await sleep(1000);
        }
        for (const args of [
          [`gadgets.${group}`],
          [`gadgets.${group}.spec`],
          [`gadgets.${group}.spec.mode`],
          [`gadgets.${group}`, "--recursive"],
          ["gdg.spec.parts"],
        ]) {
          const result = await both(["explain", ...args], kubeconfig);
          expectSame(result);
          expect(result[0].exitCode).toBe(0);
        }
      } finally {
        await kubectl(["delete", "crd", `gadgets.${group}`, "--wait=false"], { kubeconfig });
      }
    },
  );
});
