// `kr8s get` and kubectl v1.33 on the same objects: `-o yaml` quoting that reads back as the same strings,
// and `--sort-by` over a field that is null in some objects or holds quantities.
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { expectSame, sameAsKubectl } from "./parity.ts";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

// Each case starts kubectl and kr8s (from its sources) on a busy machine: seconds each.
const slow = { timeout: 300_000 };

/** Strings go-yaml quotes because YAML 1.1 would read them as another type, and look-alikes it leaves plain. */
const data = {
  mode: "0o755",
  time: "12:30",
  clock: "1:2:3",
  hex: "0X1F",
  binary: "0b-101",
  thousand: "1_000",
  date: "2001-12-14 21:59:43.10",
  launch: "launch 🚀",
  notDate: "2001-02-30",
  noZone: "2001-12-14T21:59:43",
  word: "e3",
  huge: "1e400",
};

describe("kr8s get: -o yaml quoting and --sort-by with nulls, as kubectl v1.33", () => {
  test(
    "-o yaml quotes a ConfigMap's values as kubectl does, and kubectl reads kr8s's output back",
    slow,
    async ({ kubeconfig, namespace }) => {
      const manifest = JSON.stringify({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "q", namespace },
        data,
      });
      // apply, so the object also carries kubectl's last-applied-configuration annotation.
      const applied = await kubectl(["apply", "-f", "-"], { input: manifest });
      expect(applied.stderr).toBe("");

      const result = await sameAsKubectl(["get", "cm", "q", "-o", "yaml", "-n", namespace], kubeconfig);
      expect(result.ours.stdout).toContain('  mode: "0o755"\n');
      expect(result.ours.stdout).toContain('  time: "12:30"\n');
      expect(result.ours.stdout).toContain('  launch: "launch \\U0001F680"\n');
      expect(result.ours.stdout).toContain("  notDate: 2001-02-30\n");
      expectSame(result);

      const readBack = await run(
        referenceKubectl,
        ["create", "--dry-run=server", "-f", "-", "-o", "jsonpath={.data}", "--kubeconfig", kubeconfig],
        // A new name: the server checks a dry-run create against the stored object.
        {
          input: result.ours.stdout
            .replace(/^ {2}(resourceVersion|uid): .*\n/gm, "")
            .replace(/^ {2}name: q$/m, "  name: q-again"),
        },
      );
      expect(readBack.stderr).toBe("");
      expect(JSON.parse(readBack.stdout)).toEqual(data);
    },
  );

  test(
    "--sort-by=.lastTimestamp lists events whose lastTimestamp is null first, in the table and custom columns",
    slow,
    async ({ kubeconfig, namespace }) => {
      const event = (name: string, lastTimestamp?: string): object => ({
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace },
        involvedObject: { kind: "ConfigMap", name: "q", namespace, apiVersion: "v1" },
        reason: name,
        message: `${name} happened`,
        type: "Normal",
        ...(lastTimestamp === undefined ? {} : { firstTimestamp: lastTimestamp, lastTimestamp }),
      });
      const events = [
        event("started", "2026-12-02T09:00:02Z"),
        event("scheduled"),
        event("pulled", "2026-12-02T09:00:01Z"),
        event("created"),
      ];
      const created = await kubectl(["create", "-f", "-"], {
        input: JSON.stringify({ apiVersion: "v1", kind: "List", items: events }),
      });
      expect(created.stderr).toBe("");

      for (const args of [
        [
          "get",
          "events",
          "--sort-by=.lastTimestamp",
          "-o",
          "custom-columns=NAME:.metadata.name,LAST:.lastTimestamp",
        ],
        ["get", "events", "--sort-by=.lastTimestamp", "-o", "name"],
        ["get", "events", "--sort-by=.lastTimestamp"],
      ]) {
        const result = await sameAsKubectl([...args, "-n", namespace], kubeconfig);
        expect(result.ours.exitCode, args.join(" ")).toBe(0);
        expectSame(result);
      }
      const names = await kr8s(
        [
          "get",
          "events",
          "--sort-by=.lastTimestamp",
          "-o",
          "name",
          "-n",
          namespace,
          "--kubeconfig",
          kubeconfig,
        ],
        {},
      );
      expect(names.stdout).toBe("event/created\nevent/scheduled\nevent/pulled\nevent/started\n");
    },
  );

  test(
    "--sort-by compares strings that are both quantities by amount (9 < 10 < 1k), as kubectl",
    slow,
    async ({ kubeconfig, namespace }) => {
      const configMaps = Object.entries({ a: "10", b: "9", c: "1k" }).map(([name, n]) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace },
        data: { n },
      }));
      const created = await kubectl(["create", "-f", "-"], {
        input: JSON.stringify({ apiVersion: "v1", kind: "List", items: configMaps }),
      });
      expect(created.stderr).toBe("");
      const result = await sameAsKubectl(
        ["get", "cm", "--sort-by=.data.n", "-o", "name", "-n", namespace],
        kubeconfig,
      );
      expect(result.ours.stdout).toContain("configmap/b\nconfigmap/a\nconfigmap/c\n");
      expectSame(result);
    },
  );
});
