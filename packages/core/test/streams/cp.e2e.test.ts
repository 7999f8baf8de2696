// cp (tar over exec) against the real local control plane. KWOK runs exec commands on this machine, so
// the "container's" filesystem is this machine's: remote paths are absolute paths in a temporary
// directory, and `kubectl cp` on the same pod is the reference.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterEach } from "vitest";
import {
  CommandNotFoundError,
  CopyError,
  InvalidArgumentError,
  copyFromPod,
  copyToPod,
  cp,
  type Api,
} from "@kr8s/core";
import { describe, expect, kubectl, runningPod, test } from "@kr8s/test-utils/fixtures";
import { closeApis, connect, tempDir } from "../support.ts";

const scratchDirs: string[] = [];

afterEach(async () => {
  await closeApis();
  await Promise.all(scratchDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary directory removed after the test (the copies hold tens of MB). */
async function scratch(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
}

function client(kubeconfig: string, namespace: string): Promise<Api> {
  return connect({ kubeconfig, namespace });
}

/** Every file under `root` → its sha256, keyed by path relative to `root`; directories as "dir". */
async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        out[relative(root, path)] = "dir";
        await walk(path);
      } else {
        out[relative(root, path)] = createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
      }
    }
  }
  await walk(root);
  return out;
}

/** A directory with a 12 MB binary file, a nested directory, an empty file and an empty directory. */
async function sampleDir(parent: string, name = "src"): Promise<{ dir: string; bytes: number }> {
  const dir = join(parent, name);
  await mkdir(join(dir, "nested", "deeper"), { recursive: true });
  await mkdir(join(dir, "empty-dir"));
  const big = randomBytes(12 * 1024 * 1024);
  await writeFile(join(dir, "big.bin"), big);
  await writeFile(join(dir, "nested", "a.txt"), "alpha\n");
  await writeFile(join(dir, "nested", "deeper", "b.txt"), "béta\n");
  await writeFile(join(dir, "empty.txt"), "");
  return { dir, bytes: big.length + Buffer.byteLength("alpha\n") + Buffer.byteLength("béta\n") };
}

describe("cp", () => {
  test("a directory to the pod and back is byte-identical, with verified byte counts", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const local = await scratch("cp-local");
    const remote = await scratch("cp-remote");
    const { dir, bytes } = await sampleDir(local);

    const up = await copyToPod(k, { name: pod }, dir, join(remote, "copy"));
    expect(up).toEqual({ destination: join(remote, "copy"), files: 4, bytes });
    expect(await tree(join(remote, "copy"))).toEqual(await tree(dir));

    const back = join(local, "back");
    const down = await copyFromPod(k, { name: pod }, join(remote, "copy"), back);
    expect(down).toEqual({ destination: back, files: 4, bytes });
    expect(await tree(back)).toEqual(await tree(dir));
  });

  test("to an existing directory, the source lands inside it under its own name, as with kubectl", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const local = await scratch("cp-local");
    const { dir } = await sampleDir(local);
    const ours = await scratch("cp-ours");
    const theirs = await scratch("cp-kubectl");

    const result = await cp(k, { name: pod }, dir, `${pod}:${ours}`);
    expect(result.destination).toBe(join(ours, "src"));
    const kubectlCp = await kubectl(["cp", dir, `${namespace}/${pod}:${theirs}`], { namespace });
    expect(kubectlCp.exitCode).toBe(0);
    expect(await tree(ours)).toEqual(await tree(theirs));
    expect(Object.keys(await tree(ours))).toContain("src/nested/deeper/b.txt");
  });

  test("a single file both ways; from the pod into an existing directory, where kubectl fails", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const remote = await scratch("cp-remote");
    const local = await scratch("cp-local");
    const data = randomBytes(3 * 1024 * 1024 + 7);
    await writeFile(join(local, "one.bin"), data);

    await copyToPod(k, { name: pod }, join(local, "one.bin"), join(remote, "renamed.bin"));
    expect((await readFile(join(remote, "renamed.bin"))).equals(data)).toBe(true);

    const into = await scratch("cp-into");
    const result = await cp(k, { name: pod }, `${namespace}/${pod}:${join(remote, "renamed.bin")}`, into);
    expect(result).toEqual({ destination: join(into, "renamed.bin"), files: 1, bytes: data.length });
    expect((await readFile(join(into, "renamed.bin"))).equals(data)).toBe(true);

    const kubectlInto = await scratch("cp-kubectl-into");
    const theirs = await kubectl(["cp", `${namespace}/${pod}:${join(remote, "renamed.bin")}`, kubectlInto], {
      namespace,
    });
    // kubectl v1.32 tries to write the file over the directory itself.
    expect(theirs.exitCode).not.toBe(0);
    expect(theirs.stderr).toContain("is a directory");
  });

  test("a container without tar is a CommandNotFoundError that says cp needs tar", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const local = await scratch("cp-local");
    await writeFile(join(local, "f.txt"), "x");
    const remote = await scratch("cp-remote");
    // KWOK runs commands on this machine, which has tar: name a tar that does not exist instead.
    const options = { tarCommand: ["kr8s-no-such-tar"] };
    for (const attempt of [
      () => copyToPod(k, { name: pod }, join(local, "f.txt"), remote, options),
      () => copyFromPod(k, { name: pod }, remote, join(local, "out"), options),
    ]) {
      const error = (await attempt().catch((e: unknown) => e)) as CommandNotFoundError;
      expect(error).toBeInstanceOf(CommandNotFoundError);
      expect(error.command).toBe("kr8s-no-such-tar");
      expect(error.suggestions[0]).toContain("cp copies through tar in the container");
    }
  });

  test("empty paths and a missing remote path are refused with errors naming them", async ({
    kubeconfig,
    namespace,
  }) => {
    const pod = await runningPod(namespace);
    const k = await client(kubeconfig, namespace);
    const local = await scratch("cp-local");
    await expect(cp(k, { name: pod }, local, `${pod}:`)).rejects.toThrow(
      "the remote filepath can not be empty",
    );
    await expect(cp(k, { name: pod }, local, `${pod}:`)).rejects.toBeInstanceOf(InvalidArgumentError);
    const theirs = await kubectl(["cp", local, `${pod}:`], { namespace });
    expect(theirs.stderr).toContain("filepath can not be empty");

    await expect(cp(k, { name: pod }, local, join(local, "x"))).rejects.toBeInstanceOf(InvalidArgumentError);

    const missing = (await copyFromPod(k, { name: pod }, "/kr8s-no-such-dir/file", join(local, "f")).catch(
      (e: unknown) => e,
    )) as CopyError;
    expect(missing).toBeInstanceOf(CopyError);
    expect(missing.message).toContain("No such file or directory");
    await expect(stat(join(local, "f"))).rejects.toThrow();
  });
});
