// attach on the real local control plane. KWOK serves attach from the harness's attach file (ClusterAttach,
// packages/test-utils/src/kwok-config.ts): an attached client receives the CRI log lines appended to it after
// it connected, `stdout` lines on stdout and `stderr` lines on stderr. KWOK v0.7 ignores attach's stdin
// (`AttachContainer` never reads `in`), so what a container's main process does with stdin cannot be shown
// here; what can: stdin is accepted and ending it does not end the attachment. `kubectl attach` on the
// same pod, at the same time, is the reference. The file is shared by every test run: lines carry a marker.
import { appendFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Writable } from "node:stream";
import { afterEach } from "vitest";
import { attach, type AttachResult } from "@kr8s/core";
import { describe, expect, runningPod, spawnKubectl, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect, localCluster } from "../support.ts";

afterEach(async () => {
  await closeApis();
});

/** A sink that keeps what it was given, readable at any time. */
function collector(): { sink: Writable; text: () => string } {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString("utf8");
      callback();
    },
  });
  return { sink, text: () => text };
}

/** `kubectl attach` running next to ours: what it printed so far on each stream. */
function kubectlAttach(
  args: string[],
  namespace: string,
  stdin?: string,
): { out: () => string; err: () => string; kill: () => void } {
  const child = spawnKubectl(["attach", ...args], { namespace });
  if (stdin === undefined) child.stdin.end();
  else child.stdin.end(stdin);
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { out: () => out, err: () => err, kill: () => child.kill() };
}

/** The lines of `text` that carry `marker`, in order. */
function marked(text: string, marker: string): string[] {
  return text.split("\n").filter((line) => line.includes(marker));
}

/**
 * Appends numbered `stdout` and `stderr` lines to the attach file until `received()` holds: attach sees only
 * lines written after it connected, and when that happens is the server's business. The numbering goes on
 * across calls for one marker, so every line is unique.
 */
function printer(marker: string): (received: () => boolean) => Promise<void> {
  const file = localCluster().simulation.attachLogFile;
  let n = 0;
  return async (received) => {
    for (let written = 0; !received(); written++) {
      if (written === 200) throw new Error(`nothing marked ${marker} arrived after ${written} lines`);
      n++;
      const at = new Date().toISOString();
      await appendFile(file, `${at} stdout F ${marker} out ${n}\n${at} stderr F ${marker} err ${n}\n`);
      await sleep(150);
    }
  };
}

/** Numbered lines of one stream are consecutive and in order: none lost, none repeated. */
function expectConsecutive(lines: string[], marker: string, stream: "out" | "err"): void {
  const numbers = lines.map((line) => Number(line.slice(`${marker} ${stream} `.length)));
  expect(lines.length, `no ${stream} line`).toBeGreaterThan(0);
  expect(lines).toEqual(numbers.map((n) => `${marker} ${stream} ${n}`));
  expect(numbers, `${stream} lines: ${lines.join(" | ")}`).toEqual(
    numbers.map((_, i) => (numbers[0] ?? 0) + i),
  );
}

describe("attach (KWOK attach file)", () => {
  test("receives the container's stdout and stderr lines on their own streams, as kubectl attach does", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await connect({ kubeconfig, namespace });
    const marker = `attach-${namespace}`;
    const ours = { out: collector(), err: collector() };
    const detach = new AbortController();
    const attached = attach(
      k,
      { name: pod },
      { stdout: ours.out.sink, stderr: ours.err.sink, signal: detach.signal },
    );
    const theirs = kubectlAttach([pod], namespace);
    const printUntil = printer(marker);
    let result: AttachResult;
    try {
      await printUntil(() =>
        [ours.out.text(), ours.err.text(), theirs.out(), theirs.err()].every((t) => t.includes(marker)),
      );
      // One more pair after both saw output, so each has a run of consecutive lines to compare.
      await printUntil(() => marked(ours.out.text(), marker).length >= 2);
    } finally {
      detach.abort();
      result = await attached;
      theirs.kill();
    }

    for (const [out, err] of [
      [ours.out.text(), ours.err.text()],
      [theirs.out(), theirs.err()],
    ] as const) {
      expectConsecutive(marked(out, marker), marker, "out");
      expectConsecutive(marked(err, marker), marker, "err");
    }
    // Detaching is not the process ending: no exit code; streamed output is not also captured.
    expect(result.exitCode).toBeUndefined();
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("");
    expect(result.container).toBe(pod);
  });

  test("without output sinks, detaching returns what arrived while attached", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await connect({ kubeconfig, namespace });
    const marker = `captured-${namespace}`;
    const detach = new AbortController();
    const attached = attach(k, { name: pod }, { signal: detach.signal });
    // The captured output is only visible at the end, so kubectl attaching at the same moment tells when
    // lines flow; then ours has had as long as kubectl to connect, and printing goes on until it detaches.
    const theirs = kubectlAttach([pod], namespace);
    let result: AttachResult;
    try {
      await printer(marker)(() => marked(theirs.out(), marker).length >= 3);
    } finally {
      detach.abort();
      result = await attached;
      theirs.kill();
    }
    expectConsecutive(marked(result.stdout, marker), marker, "out");
    expectConsecutive(marked(result.stderr, marker), marker, "err");
    expect(result.exitCode).toBeUndefined();
  });

  test("stdin that ends does not end the attachment (kubectl attach -i likewise keeps streaming)", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await connect({ kubeconfig, namespace });
    const marker = `stdin-${namespace}`;
    const ours = collector();
    const detach = new AbortController();
    const attached = attach(k, { name: pod }, { stdin: "typed\n", stdout: ours.sink, signal: detach.signal });
    const theirs = kubectlAttach(["-i", pod], namespace, "typed\n");
    let settledEarly = false;
    void attached.then(
      () => (settledEarly = !detach.signal.aborted),
      () => (settledEarly = !detach.signal.aborted),
    );
    try {
      await printer(marker)(() => ours.text().includes(marker) && theirs.out().includes(marker));
    } finally {
      detach.abort();
    }
    const result = await attached;
    theirs.kill();
    expect(settledEarly).toBe(false);
    expect(result.protocol).toBe("v5.channel.k8s.io");
    expectConsecutive(marked(ours.text(), marker), marker, "out");
    expectConsecutive(marked(theirs.out(), marker), marker, "out");
  });
});
