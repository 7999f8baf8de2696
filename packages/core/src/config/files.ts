/** File helpers shared by the kubeconfig loader, the editor and the credential sources. */
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, readlink, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { KubeConfigError } from "../errors.ts";

/** Node's error for a missing file. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

/** Whether `file` exists (any type). */
export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The {@link KubeConfigError} for a file that `fs` failed to read or stat: "<what> file does not exist"
 * (or "cannot be read"), naming the file and, when given, the kubeconfig field that pointed at it. The
 * `fs` error stays the `cause`, so callers can still tell a missing file apart with {@link isNotFound}.
 */
export function fileError(
  path: string,
  error: unknown,
  what: string,
  options: { field?: string | undefined; suggestions?: string[] } = {},
): KubeConfigError {
  const reason = isNotFound(error) ? "does not exist" : "cannot be read";
  return new KubeConfigError(`${what} file ${reason}`, {
    file: path,
    ...(options.field === undefined ? {} : { field: options.field }),
    ...(options.suggestions === undefined ? {} : { suggestions: options.suggestions }),
    cause: error,
  });
}

/** Go's texts (its `syscall.Errno` strings) for the errors a file open or read gives, by Node's code. */
const GO_ERRNO: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

/**
 * An `fs` error as Go's `*os.PathError` prints it, which kubectl shows: `open c.crt: no such file or
 * directory`, `read dir: is a directory`. `op` is the operation that failed (`open`, `read`).
 */
export function goPathError(op: string, path: string, error: unknown): string {
  const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
  // libuv's text (`ENOSPC: no space left on device, open '…'`) for codes outside the table.
  const text = (code && GO_ERRNO[code]) ?? /^[A-Z0-9]+: (.*?), \w+/.exec(message ?? "")?.[1] ?? String(error);
  return `${op} ${path}: ${text}`;
}

/**
 * Reads a file a kubeconfig refers to (or a kubeconfig itself, with no `field`). A missing or unreadable
 * file becomes a {@link KubeConfigError} from {@link fileError}.
 */
export async function readReferencedFile(
  path: string,
  field: string | undefined,
  what: string,
): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw fileError(path, error, what, { field });
  }
}

/**
 * Reads a file a kubectl flag names (`--certificate-authority`, `--client-certificate`): a failure is
 * kubectl's line (`read dir: is a directory`, in `problems`), with the flag as the field.
 */
export async function readFlagFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const problem = goPathError((error as NodeJS.ErrnoException).syscall ?? "open", path, error);
    throw new KubeConfigError(problem, { field: flag, problems: [problem], cause: error });
  }
}

/**
 * Writes `content` to `path` atomically: a temporary file in the same directory, then a rename, so a
 * reader (or a crash) never sees half a kubeconfig. The file's mode is kept; a new file gets 0600
 * because kubeconfigs hold credentials. A symlink is followed: its target is written, the link kept.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  // A symlinked kubeconfig (`~/.kube/config` → a dotfiles repository) is written through the link, as
  // kubectl writes it: the link stays and its target changes (a dangling link's target is created).
  const file = await symlinkTarget(path);
  let mode = 0o600;
  try {
    mode = (await stat(file)).mode & 0o777;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  }
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, { mode });
    // writeFile's mode is filtered by the umask; the original mode must survive exactly.
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** The file a path names once symlinks are followed (the path itself when it is no link). */
async function symlinkTarget(path: string): Promise<string> {
  let current = path;
  // Linux gives up after 40 links (ELOOP); so does this.
  for (let hops = 0; hops < 40; hops++) {
    let target: string;
    try {
      target = await readlink(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EINVAL" || code === "ENOENT") return current;
      throw error;
    }
    current = resolve(dirname(current), target);
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: "ELOOP" });
}

/** A short one-way digest, for ids and cache keys that must not reveal what they were computed from. */
export function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}
