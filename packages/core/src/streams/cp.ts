/**
 * `cp`: files and directories between this machine and a container, as a tar stream over `exec` — what
 * `kubectl cp` does (k8s.io/kubectl/pkg/cmd/cp), so the container needs `tar` and nothing else.
 *
 * The tar library is `tar` (node-tar, npm's own): it streams, and when extracting an archive that came out
 * of a container it refuses absolute paths, `..` and writes through symlinks — the container is not
 * trusted (kubectl's CVE-2019-1002101 and CVE-2019-11246 were exactly this). Its write/read-entry hooks
 * rename the top entry (the copy's name) without a temporary directory. Measured against tar-fs (pack +
 * extract of 100 MiB plus 2,000 small files, twice): node-tar 7.1 s and 6.7 s, tar-fs 12.9 s and 7.3 s.
 *
 * Destinations follow POSIX `cp -r` both ways: an existing directory receives the source under its own
 * name; any other path becomes the copy. (`kubectl cp` does this towards the pod only; from the pod it
 * merges a directory's contents into the destination and fails on a file copied onto a directory.)
 */
import { lstat, stat } from "node:fs/promises";
import { basename, dirname, join, posix, resolve } from "node:path";
import { PassThrough } from "node:stream";
import type { Api } from "../api.ts";
import { CommandNotFoundError, CopyError, ExecError, InvalidArgumentError } from "../errors.ts";
import { exec } from "./exec.ts";
import type { ExecOptions } from "./exec.ts";
import { resolveContainer } from "./pod-target.ts";
import type { PodRef } from "./pod-target.ts";
import type { KeepaliveOptions } from "./session.ts";

/** Options of {@link copyToPod}, {@link copyFromPod} and {@link cp}. */
export interface CopyOptions {
  /** The container. @default as for `exec` (default-container annotation, else the first) */
  container?: string;
  /**
   * How to run tar in the container, e.g. `["busybox", "tar"]` or `["/opt/bin/tar"]`.
   * @default ["tar"]
   */
  tarCommand?: readonly string[];
  /** Deadline for the whole copy (ms) → `APITimeoutError`. */
  timeout?: number;
  signal?: AbortSignal;
  keepalive?: KeepaliveOptions;
}

/** What was copied. */
export interface CopyResult {
  /** The path that now holds the copy (inside the container for {@link copyToPod}). */
  destination: string;
  /** Regular files copied. */
  files: number;
  /**
   * Bytes of regular-file content copied. From the pod, each file must receive exactly the size its tar
   * header announces, or the copy fails with `CopyError`; to the pod, tar in the container checks the same.
   */
  bytes: number;
}

/**
 * Copies a local file or directory into a container, like `kubectl cp <local> <pod>:<remote>`. When
 * `remotePath` is an existing directory the source lands inside it under its own name; otherwise the copy
 * is named `remotePath` (its parent must exist). Relative remote paths start at the container's working
 * directory.
 * @example
 * await copyToPod(k, { name: "web" }, "./site", "/usr/share/nginx/html"); // → /usr/share/nginx/html/site
 * @throws {InvalidArgumentError} when a path is empty or the local source does not exist.
 * @throws {CommandNotFoundError} when the container has no `tar`.
 * @throws {CopyError} when tar in the container fails (its message is included).
 * @throws as `exec` for a missing pod or container, a pod that is not running, a timeout or an abort.
 */
export async function copyToPod(
  k: Api,
  pod: PodRef,
  localPath: string,
  remotePath: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  requirePath(remotePath, "remote");
  requirePath(localPath, "local");
  const source = resolve(localPath);
  await lstat(source).catch((cause: unknown) => {
    throw new InvalidArgumentError(`${localPath} doesn't exist in local filesystem`, { cause });
  });
  const where = await resolveContainer(k, pod, options.container, "copy into", options.signal);
  const run = execOptions(options, where.container);

  const intoDirectory =
    (
      await exec(k, pod, ["test", "-d", remotePath], { ...run, check: false }).catch(
        // No `test` in the image: kubectl takes that as "not a directory" too.
        (error: unknown) => {
          if (error instanceof CommandNotFoundError) return { exitCode: 1 };
          throw error;
        },
      )
    ).exitCode === 0;
  const destDir = intoDirectory ? remotePath : posix.dirname(remotePath);
  const destName = intoDirectory ? basename(source) : posix.basename(remotePath);

  const sourceName = basename(source);
  let files = 0;
  let bytes = 0;
  // Loaded on first use: importing @kr8s/core (the CLI's start-up) must not pay for tar (STYLE §14).
  const tar = await import("tar");
  const archive = tar.create(
    {
      cwd: dirname(source),
      portable: true,
      onWriteEntry: (entry) => {
        // Entry names start with the source's name; the container must see the destination's.
        entry.path = renameTop(entry.path, sourceName, destName);
        if (entry.linkpath !== undefined && entry.type === "Link") {
          entry.linkpath = renameTop(entry.linkpath, sourceName, destName);
        }
        if (entry.type === "File" && entry.stat) {
          files += 1;
          bytes += entry.stat.size;
        }
      },
    },
    [sourceName],
  );
  await runTar(k, pod, where, options, ["-xmf", "-", "-C", destDir], {
    ...run,
    stdin: archive,
  });
  return { destination: posix.join(destDir, destName), files, bytes };
}

/**
 * Copies a file or directory out of a container, like `kubectl cp <pod>:<remote> <local>`. When
 * `localPath` is an existing directory the source lands inside it under its own name; otherwise the copy
 * is named `localPath` (its parent must exist). An archive cut short fails the copy.
 * @example
 * await copyFromPod(k, { name: "web" }, "/var/log/app", "./logs"); // → ./logs (or ./logs/app if ./logs exists)
 * @throws {InvalidArgumentError} when a path is empty, is `/` or `..`, or the local parent does not exist.
 * @throws {CommandNotFoundError} when the container has no `tar`.
 * @throws {CopyError} when tar in the container fails (e.g. no such file), or its archive is cut short.
 * @throws as `exec` for a missing pod or container, a pod that is not running, a timeout or an abort.
 */
export async function copyFromPod(
  k: Api,
  pod: PodRef,
  remotePath: string,
  localPath: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  requirePath(remotePath, "remote");
  requirePath(localPath, "local");
  const remote = posix.normalize(remotePath).replace(/(.)\/+$/, "$1");
  const sourceName = posix.basename(remote);
  if (sourceName === "" || sourceName === "..") {
    throw new InvalidArgumentError(
      `cannot copy ${JSON.stringify(remotePath)} out of a container as one entry`,
      {
        suggestions: ["name the directory to copy by its absolute path, e.g. /data"],
      },
    );
  }
  const target = resolve(localPath);
  const targetStat = await stat(target).catch(() => undefined);
  const intoDirectory = targetStat?.isDirectory() === true;
  const destDir = intoDirectory ? target : dirname(target);
  const destName = intoDirectory ? sourceName : basename(target);
  if (!intoDirectory && !(await stat(destDir).catch(() => undefined))?.isDirectory()) {
    throw new InvalidArgumentError(`the local directory ${destDir} does not exist`, {
      suggestions: ["create it first; cp creates only the copy itself, like POSIX cp"],
    });
  }
  const where = await resolveContainer(k, pod, options.container, "copy from", options.signal);

  // node-tar fails the unpack when an entry gets fewer bytes than its header announces (a cut stream).
  const sizes: number[] = [];
  const tar = await import("tar");
  const unpack = tar.extract({
    cwd: destDir,
    strict: true,
    preserveOwner: false,
    onReadEntry: (entry) => {
      entry.path = renameTop(entry.path, sourceName, destName);
      if (entry.type === "Link" && entry.linkpath !== undefined) {
        entry.linkpath = renameTop(entry.linkpath, sourceName, destName);
      }
      if (entry.type === "File" || entry.type === "OldFile") {
        sizes.push(entry.size);
      }
    },
  });
  const unpacked = new Promise<void>((resolvePromise, reject) => {
    unpack.on("error", reject);
    unpack.on("close", () => resolvePromise());
  });
  const stdout = new PassThrough();
  stdout.pipe(unpack);
  try {
    await runTar(k, pod, where, options, ["-C", posix.dirname(remote), "-cf", "-", sourceName], {
      ...execOptions(options, where.container),
      stdout,
    });
  } catch (error) {
    // The tar error says what went wrong; the half-archive's own complaint would only hide it.
    unpacked.catch(() => undefined);
    throw error;
  } finally {
    stdout.end();
  }
  await unpacked.catch((cause: unknown) => {
    throw new CopyError(`the archive from the container could not be unpacked: ${(cause as Error).message}`, {
      cause,
    });
  });

  return {
    destination: join(destDir, destName),
    files: sizes.length,
    bytes: sizes.reduce((sum, size) => sum + size, 0),
  };
}

/**
 * `kubectl cp`'s spelling: exactly one of `src` and `dst` names the pod as `<pod>:<path>` or
 * `<namespace>/<pod>:<path>`; that side is in the container, the other on this machine.
 * @example
 * await cp(k, { name: "web" }, "./conf", "web:/etc/app");  // to the pod
 * await cp(k, { name: "web" }, "web:/var/log", "./logs");  // from the pod
 * @throws {InvalidArgumentError} when neither or both sides name the pod.
 * @throws as {@link copyToPod} / {@link copyFromPod}.
 */
export async function cp(
  k: Api,
  pod: PodRef,
  src: string,
  dst: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const namespace = pod.namespace ?? k.namespace;
  const remote = (spec: string): string | undefined => {
    for (const prefix of [`${pod.name}:`, `${namespace}/${pod.name}:`]) {
      if (spec.startsWith(prefix)) return spec.slice(prefix.length);
    }
    return undefined;
  };
  const from = remote(src);
  const to = remote(dst);
  if ((from === undefined) === (to === undefined)) {
    throw new InvalidArgumentError(
      `exactly one of ${JSON.stringify(src)} and ${JSON.stringify(dst)} must name the pod as ${pod.name}:<path>`,
      {
        suggestions: [
          `e.g. cp(k, pod, "./dir", "${pod.name}:/tmp/dir") or cp(k, pod, "${pod.name}:/tmp/dir", "./dir")`,
        ],
      },
    );
  }
  return from === undefined
    ? copyToPod(k, pod, src, to ?? "", options)
    : copyFromPod(k, pod, from, dst, options);
}

function requirePath(path: string, side: "local" | "remote"): void {
  // kubectl's rule and wording ("filepath can not be empty"): an empty remote path is not "the working
  // directory", it is a mistake.
  if (path === "") {
    throw new InvalidArgumentError(`the ${side} filepath can not be empty`, {
      suggestions: [
        side === "remote"
          ? 'write "." for the container\'s working directory'
          : 'write "." for this directory',
      ],
    });
  }
}

/** Replaces the first path component `from` with `to` (`a/b` → `x/b`; `./b` when `from` is `.`). */
function renameTop(path: string, from: string, to: string): string {
  if (path === from || path === `${from}/`) return path.endsWith("/") ? `${to}/` : to;
  if (path.startsWith(`${from}/`)) return `${to}/${path.slice(from.length + 1)}`;
  return path;
}

type TextExecOptions = ExecOptions & { encoding: "utf8" };

function execOptions(options: CopyOptions, container: string): TextExecOptions {
  return {
    container,
    encoding: "utf8" as const,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.keepalive ? { keepalive: options.keepalive } : {}),
  };
}

async function runTar(
  k: Api,
  pod: PodRef,
  where: { namespace: string; pod: string; container: string },
  options: CopyOptions,
  args: readonly string[],
  run: TextExecOptions,
): Promise<void> {
  const tarCommand = options.tarCommand ?? ["tar"];
  try {
    await exec(k, pod, [...tarCommand, ...args], run);
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new CommandNotFoundError(error.command, where, {
        cause: error,
        suggestions: [
          "cp copies through tar in the container (as kubectl cp does): use an image that has tar",
          'or point tarCommand at one, e.g. ["busybox", "tar"]',
        ],
      });
    }
    if (error instanceof ExecError) {
      const said = String(error.stderr).trim().split("\n").slice(0, 3).join("; ");
      throw new CopyError(
        `tar in ${where.namespace}/${where.pod} (container ${where.container}) failed: ${said || `exit code ${error.exitCode}`}`,
        {
          cause: error,
          suggestions: ["check that the path exists in the container and that its user may read or write it"],
        },
      );
    }
    throw error;
  }
}
