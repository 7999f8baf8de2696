// exec and attach against the real local control plane (KWOK runs exec commands as local processes with
// real exit codes and stdin/stdout/stderr); `kubectl exec` on the same pod is the reference.
import { createHash, randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { afterEach } from "vitest";
import {
  APITimeoutError,
  CommandNotFoundError,
  ContainerNotFoundError,
  ExecError,
  NotFoundError,
  PodNotRunningError,
  attach,
  exec,
  type Api,
} from "@kr8s/core";
import { describe, expect, kubectl, runningPod, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect } from "../support.ts";

afterEach(async () => {
  await closeApis();
});

function client(kubeconfig: string, namespace: string): Promise<Api> {
  return connect({ kubeconfig, namespace });
}

describe("exec", () => {
  test("prints what echo prints and exits 0, as kubectl exec does", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const ours = await exec(k, { name: pod }, ["echo", "hello", "from exec"]);
    const theirs = await kubectl(["exec", pod, "--", "echo", "hello", "from exec"], { namespace });
    expect(ours.stdout).toBe("hello from exec\n");
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.exitCode).toBe(0);
    expect(theirs.exitCode).toBe(0);
    expect(ours.protocol).toBe("v5.channel.k8s.io");
  });

  test("a failing command keeps its exit code 3 and its stderr, like kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const script = ["sh", "-c", "echo out; echo oops >&2; exit 3"];
    const theirs = await kubectl(["exec", pod, "--", ...script], { namespace });
    const error = await exec(k, { name: pod }, script).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecError);
    const execError = error as ExecError;
    expect(execError.exitCode).toBe(3);
    expect(execError.exitCode).toBe(theirs.exitCode);
    expect(execError.stdout).toBe("out\n");
    expect(execError.stdout).toBe(theirs.stdout);
    expect(execError.stderr).toBe("oops\n");
    expect(execError.message).toContain("exited with code 3");

    const unchecked = await exec(k, { name: pod }, script, { check: false });
    expect(unchecked).toMatchObject({ stdout: "out\n", stderr: "oops\n", exitCode: 3 });
  });

  test("exit codes are not collapsed: 1, 42 and 255 come back as given", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    for (const code of [1, 42, 255]) {
      const { exitCode } = await exec(k, { name: pod }, ["sh", "-c", `exit ${code}`], { check: false });
      expect(exitCode).toBe(code);
    }
  });

  test("10 MB of stdin reach `wc -c` and the command sees end-of-file", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const size = 10 * 1024 * 1024;
    const data = randomBytes(size);
    // A Node stream in 1 MiB pieces, so the framing and the backpressure are exercised.
    const pieces = Array.from({ length: 10 }, (_, i) =>
      data.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024),
    );
    const counted = await exec(k, { name: pod }, ["wc", "-c"], { stdin: Readable.from(pieces) });
    expect(counted.stdout.trim()).toBe(String(size));

    const hashed = await exec(k, { name: pod }, ["sha256sum"], { stdin: data });
    expect(hashed.stdout.split(" ")[0]).toBe(createHash("sha256").update(data).digest("hex"));
  });

  test("stdin as a string and as a web ReadableStream round-trips through cat", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    expect((await exec(k, { name: pod }, ["cat"], { stdin: "héllo\n" })).stdout).toBe("héllo\n");
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from("a"));
        controller.enqueue(Buffer.from("b"));
        controller.close();
      },
    });
    expect((await exec(k, { name: pod }, ["cat"], { stdin: web })).stdout).toBe("ab");
  });

  test("binary output comes back byte for byte with encoding: buffer", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const data = randomBytes(300_000);
    const { stdout } = await exec(k, { name: pod }, ["cat"], { stdin: data, encoding: "buffer" });
    expect(Buffer.isBuffer(stdout)).toBe(true);
    expect(stdout.equals(data)).toBe(true);
  });

  test("streams stdout and stderr into given writables instead of capturing", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const out: Buffer[] = [];
    const err: string[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    });
    const stderr = new WritableStream<Uint8Array>({
      write(chunk) {
        err.push(Buffer.from(chunk).toString("utf8"));
      },
    });
    const result = await exec(k, { name: pod }, ["sh", "-c", "echo to-out; echo to-err >&2"], {
      stdout,
      stderr,
    });
    expect(Buffer.concat(out).toString()).toBe("to-out\n");
    expect(err.join("")).toBe("to-err\n");
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("");
  });

  test("tty: true gives the command a terminal of the given size, stderr merged into stdout", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const plain = await exec(k, { name: pod }, [
      "sh",
      "-c",
      "test -t 1 && echo tty || echo no-tty; echo err >&2",
    ]);
    expect(plain).toMatchObject({ stdout: "no-tty\n", stderr: "err\n" });

    // KWOK applies a resize asynchronously and closes its pty the moment the command exits, dropping
    // unread output. So the command waits for a typed line before reading its size (sent at connect time),
    // and for end-of-file (^D on a terminal) before exiting, typed once all output has arrived.
    let output = "";
    const waiters: { text: string; resolve: () => void }[] = [];
    const seen = (text: string) => new Promise<void>((resolve) => waiters.push({ text, resolve }));
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString();
        for (const w of waiters) if (output.includes(w.text)) w.resolve();
        callback();
      },
    });
    async function* typed() {
      await seen("tty\r\n");
      yield "go\n";
      await seen("err\r\n");
      yield "\x04";
    }
    const script = "test -t 1 && echo tty; read line; stty size; echo err >&2; cat >/dev/null";
    const result = await exec(k, { name: pod }, ["sh", "-c", script], {
      tty: true,
      stdin: typed(),
      stdout,
      terminalSize: { columns: 123, rows: 45 },
    });
    expect(result.exitCode).toBe(0);
    // A terminal's line discipline: \r\n line ends, typed input echoed, stderr on the same stream.
    expect(output).toBe("tty\r\ngo\r\n45 123\r\nerr\r\n");
    expect(result.stderr).toBe("");
  });

  test("picks the default-container annotation's container, then the first, like kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    const manifest = (name: string, annotations: Record<string, string>) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, annotations },
        spec: {
          containers: [
            { name: "first", image: "busybox" },
            { name: "second", image: "busybox" },
          ],
        },
      });
    await kubectl(["apply", "-f", "-"], {
      namespace,
      input: manifest("annotated", { "kubectl.kubernetes.io/default-container": "second" }),
    });
    await kubectl(["apply", "-f", "-"], { namespace, input: manifest("plain", {}) });
    await kubectl(["wait", "--for=condition=Ready", "pod/annotated", "pod/plain", "--timeout=60s"], {
      namespace,
    });
    expect((await exec(k, { name: "annotated" }, ["true"])).container).toBe("second");
    expect((await exec(k, { name: "plain" }, ["true"])).container).toBe("first");
    expect((await exec(k, { name: "annotated" }, ["true"], { container: "first" })).container).toBe("first");
    const theirs = await kubectl(["exec", "-v=4", "annotated", "--", "true"], { namespace });
    expect(theirs.stderr).toContain("Defaulting container name from annotation second");
  });
});

describe("exec: bad input", () => {
  test("a missing container names the pod's containers", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const error = await exec(k, { name: pod }, ["true"], { container: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotFoundError);
    expect((error as ContainerNotFoundError).message).toBe(`pod ${namespace}/${pod} has no container "nope"`);
    expect((error as ContainerNotFoundError).suggestions).toEqual([`choose one of: ${pod}`]);
    const theirs = await kubectl(["exec", pod, "-c", "nope", "--", "true"], { namespace });
    expect(theirs.stderr).toContain("container nope is not valid");
  });

  test("a command not found in the container is a CommandNotFoundError naming it", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const error = await exec(k, { name: pod }, ["no-such-program-kr8s", "x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandNotFoundError);
    expect((error as CommandNotFoundError).command).toBe("no-such-program-kr8s");
    expect((error as Error).message).toBe(
      `"no-such-program-kr8s" was not found in container "${pod}" of pod ${namespace}/${pod}`,
    );
    const theirs = await kubectl(["exec", pod, "--", "no-such-program-kr8s", "x"], { namespace });
    expect(theirs.stderr).toContain('exec: "no-such-program-kr8s": executable file not found in $PATH');
  });

  test("a pod that is not scheduled, and one that completed, are PodNotRunningErrors", async ({
    kubeconfig,
    namespace,
  }) => {
    const k = await client(kubeconfig, namespace);
    await kubectl(
      [
        "run",
        "pending",
        "--image=busybox",
        "--restart=Never",
        '--overrides={"spec":{"nodeSelector":{"kr8s-no-such-node":"x"}}}',
      ],
      {
        namespace,
      },
    );
    const pending = await exec(k, { name: "pending" }, ["true"]).catch((e: unknown) => e);
    expect(pending).toBeInstanceOf(PodNotRunningError);
    expect((pending as Error).message).toContain("is not scheduled to a node yet");

    const done = await runningPod(namespace, "done");
    await kubectl(
      [
        "patch",
        "pod",
        done,
        "--subresource=status",
        "--type=merge",
        "-p",
        '{"status":{"phase":"Succeeded"}}',
      ],
      {
        namespace,
      },
    );
    const completed = await exec(k, { name: done }, ["true"]).catch((e: unknown) => e);
    expect(completed).toBeInstanceOf(PodNotRunningError);
    expect((completed as PodNotRunningError).phase).toBe("Succeeded");
    const theirs = await kubectl(["exec", done, "--", "true"], { namespace });
    // kubectl's own wording, which ours starts with.
    expect(theirs.stderr).toContain(
      "cannot exec into a container in a completed pod; current phase is Succeeded",
    );
    expect((completed as Error).message).toContain(
      "cannot exec into a container in a completed pod; current phase is Succeeded",
    );
  });

  test("a pod that does not exist is a NotFoundError", async ({ kubeconfig, namespace }) => {
    const k = await client(kubeconfig, namespace);
    await expect(exec(k, { name: "ghost" }, ["true"])).rejects.toBeInstanceOf(NotFoundError);
  });

  test("timeout closes the stream and throws APITimeoutError", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const error = await exec(k, { name: pod }, ["sleep", "30"], { timeout: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  test("an aborted signal rejects with its reason", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const controller = new AbortController();
    const running = exec(k, { name: pod }, ["sleep", "30"], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 1000);
    await expect(running).rejects.toThrow("stop");
  });
});

describe("exec: v4.channel.k8s.io", () => {
  test("works when only v4 is offered: stdout, stderr and the exit code", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const result = await exec(k, { name: pod }, ["sh", "-c", "echo v4; echo e >&2; exit 5"], {
      protocols: ["v4.channel.k8s.io"],
      check: false,
    });
    expect(result).toMatchObject({
      stdout: "v4\n",
      stderr: "e\n",
      exitCode: 5,
      protocol: "v4.channel.k8s.io",
    });
  });
});

describe("attach", () => {
  test("attaches over v5 and detaches when the timeout passes", async ({ kubeconfig, namespace }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const result = await attach(k, { name: pod }, { timeout: 1000 });
    expect(result.protocol).toBe("v5.channel.k8s.io");
    expect(result.exitCode).toBeUndefined();
    expect(result.container).toBe(pod);
  });
});
