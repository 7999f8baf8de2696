// The kubectl the parity tests compare kr8s with.
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

/** The test cluster's Kubernetes minor version (`1.33`), from the module its binaries are built from. */
function clusterMinor(): string | undefined {
  const goMod = readFileSync(new URL("../../../tools/k8s/go.mod", import.meta.url), "utf8");
  return /^require k8s\.io\/kubernetes v(\d+\.\d+)\./m.exec(goMod)?.[1];
}

/** The first `kubectl` on PATH, links resolved, or undefined. */
function kubectlOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "kubectl");
    if (dir !== "" && existsSync(candidate)) return realpathSync(candidate);
  }
  return undefined;
}

/**
 * The reference kubectl: `KR8S_REFERENCE_KUBECTL` when set; else the installed `kubectl`, unless it is gcloud's
 * version dispatcher, which has a `kubectl.<minor>` beside it for each version it can run. The dispatcher runs
 * the one of the server's minor version when a cluster answers, and answers by itself when none does, as a
 * kubectl 1.32 build of its own that prints cobra's `Error: …` where every kubectl release prints `error: …`.
 * Comparing with it would make a test's reference depend on whether the test reached a cluster: the tests
 * run the kubectl of the test cluster's version (tools/k8s/go.mod) directly, through a link named `kubectl`
 * (kubectl names itself after its file in some messages: `e.g. 'kubectl get resource/<resource_name>'`).
 */
export const referenceKubectl: string = ((): string => {
  const chosen = process.env.KR8S_REFERENCE_KUBECTL;
  if (chosen) return chosen;
  const installed = kubectlOnPath();
  const minor = clusterMinor();
  if (!installed || !minor) return "kubectl";
  const versioned = join(dirname(installed), `kubectl.${minor}`);
  return existsSync(versioned) ? linkedAsKubectl(versioned, minor) : "kubectl";
})();

/** A link named `kubectl` to `target`, in a directory of its own under the temporary directory. */
function linkedAsKubectl(target: string, minor: string): string {
  const dir = join(tmpdir(), `kr8s-reference-kubectl-${minor}`);
  const link = join(dir, "kubectl");
  mkdirSync(dir, { recursive: true });
  try {
    symlinkSync(target, link);
  } catch (error) {
    // Another test worker made it first.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return link;
}
