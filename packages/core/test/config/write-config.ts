// Files the configuration tests write: a kubeconfig and an in-cluster service-account directory.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { KubeConfigObject } from "../../src/config/kubeconfig.ts";

/** Writes `config` as YAML to `dir/name`; returns the path. */
export async function writeKubeConfig(
  dir: string,
  config: KubeConfigObject,
  name = "config",
): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, stringify(config));
  return file;
}

/** Writes `files` (token, ca.crt, namespace…) into `dir/sa`; returns that directory. */
export async function writeServiceAccount(dir: string, files: Record<string, string>): Promise<string> {
  const sa = join(dir, "sa");
  await mkdir(sa, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(sa, name), content);
  return sa;
}
