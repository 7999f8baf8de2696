/**
 * What every `config` command shares: the kubeconfig editor for `--kubeconfig` (else `KUBECONFIG`, else
 * `~/.kube/config`, kubectl's rules).
 */
import type { KubeConfigEditor } from "@kr8s/core";

/** The editor over the files kubectl would read and write for these flags. */
export async function openKubeConfig(flags: { kubeconfig?: string | undefined }): Promise<KubeConfigEditor> {
  const { createKubeConfigEditor } = await import("@kr8s/core");
  return createKubeConfigEditor(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {});
}

/** A kubeconfig mistake worded as kubectl words it (printed `error: …`, exit 1). */
export async function kubeConfigError(message: string): Promise<Error> {
  const { KubeConfigError } = await import("@kr8s/core");
  return new KubeConfigError(message);
}

/**
 * kubectl's `config delete-context|delete-cluster|delete-user`: removes the entry from the file that
 * defines it and returns kubectl's report line (`deleted context dev from /home/me/.kube/config`), which
 * names the default file as kubectl's does.
 * @throws {KubeConfigError} `cannot delete context dev, not in <file>`.
 */
export async function deleteEntry(
  editor: KubeConfigEditor,
  list: "clusters" | "users" | "contexts",
  name: string,
): Promise<string> {
  const singular = { clusters: "cluster", users: "user", contexts: "context" }[list];
  const config = await editor.loadForEdit();
  const file = await editor.defaultFile();
  if (!config[list].has(name))
    throw await kubeConfigError(`cannot delete ${singular} ${name}, not in ${file}`);
  if (list === "contexts") await editor.deleteContext(name);
  else if (list === "clusters") await editor.deleteCluster(name);
  else await editor.deleteUser(name);
  return `deleted ${singular} ${name} from ${file}`;
}

/**
 * A certificate or key file's bytes as `*-data` (base64), for `--embed-certs`.
 * @throws {KubeConfigError} kubectl's `could not stat client-certificate file …` when it cannot be read.
 */
export async function embedFile(path: string, what: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  try {
    return (await readFile(path)).toString("base64");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file or directory"
        : String((error as Error).message);
    throw await kubeConfigError(`could not stat ${what} file ${path}: stat ${path}: ${reason}`);
  }
}
