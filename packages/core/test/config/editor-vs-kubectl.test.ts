// The kubeconfig editor against the reference: the same edits made by `kubectl config …` on one copy of a
// KUBECONFIG list and by KubeConfigEditor on another must leave every file with the same content (which
// file an edit lands in is the subtle part). Needs only the kubectl binary, no cluster.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createKubeConfigEditor, type KubeConfigEditor } from "@kr8s/core";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const execFileAsync = promisify(execFile);

const FIRST = `apiVersion: v1
kind: Config
clusters:
- name: alpha
  cluster:
    server: https://alpha.example:6443
users:
- name: alice
  user:
    token: alice-token
contexts:
- name: alpha
  context:
    cluster: alpha
    user: alice
`;

const SECOND = `apiVersion: v1
kind: Config
clusters:
- name: beta
  cluster:
    server: https://beta.example:6443
users:
- name: bob
  user:
    token: bob-token
contexts:
- name: beta
  context:
    cluster: beta
    user: bob
    namespace: team-b
- name: spare
  context:
    cluster: beta
    user: bob
current-context: beta
`;

interface Step {
  kubectl: string[];
  kr8s: (editor: KubeConfigEditor) => Promise<unknown>;
}

const steps: Step[] = [
  { kubectl: ["use-context", "alpha"], kr8s: (e) => e.useContext("alpha") },
  { kubectl: ["set-context", "--current", "--namespace=team-a"], kr8s: (e) => e.setNamespace("team-a") },
  {
    kubectl: ["set-context", "beta", "--namespace=other"],
    kr8s: (e) => e.setContext("beta", { namespace: "other" }),
  },
  {
    kubectl: ["set-context", "gamma", "--cluster=beta", "--user=alice"],
    kr8s: (e) => e.setContext("gamma", { cluster: "beta", user: "alice" }),
  },
  { kubectl: ["rename-context", "spare", "renamed"], kr8s: (e) => e.renameContext("spare", "renamed") },
  { kubectl: ["delete-context", "renamed"], kr8s: (e) => e.deleteContext("renamed") },
  {
    kubectl: ["set-cluster", "beta", "--server=https://beta2.example:6443"],
    kr8s: (e) => e.setCluster("beta", { server: "https://beta2.example:6443" }),
  },
  {
    kubectl: [
      "set-cluster",
      "delta",
      "--server=https://delta.example:6443",
      "--insecure-skip-tls-verify=true",
    ],
    kr8s: (e) =>
      e.setCluster("delta", { server: "https://delta.example:6443", "insecure-skip-tls-verify": true }),
  },
  {
    kubectl: ["set-credentials", "bob", "--token=new-bob-token"],
    kr8s: (e) => e.setCredentials("bob", { token: "new-bob-token" }),
  },
  {
    kubectl: ["set-credentials", "carol", "--token=carol-token"],
    kr8s: (e) => e.setCredentials("carol", { token: "carol-token" }),
  },
];

/** A file's meaning, without what kubectl adds when it rewrites a file (`preferences: {}`, empty lists, nulls). */
function meaning(text: string): unknown {
  const prune = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(prune).filter((v) => v !== undefined);
      return items.length
        ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        : undefined;
    }
    if (value && typeof value === "object") {
      const entries = Object.entries(value)
        .map(([k, v]) => [k, prune(v)] as const)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b));
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return value === null || value === "" ? undefined : value;
  };
  return prune(parse(text, { version: "1.1" }));
}

async function twoFiles(): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), "kr8s-editor-"));
  const files = [join(dir, "first"), join(dir, "second")];
  await writeFile(files[0]!, FIRST, { mode: 0o600 });
  await writeFile(files[1]!, SECOND, { mode: 0o600 });
  return { dir, files };
}

describe("KubeConfigEditor writes what kubectl config writes, to the same files", () => {
  // Runs kubectl once per step: slow on a busy machine.
  it("across a KUBECONFIG list of two files", { timeout: 60_000 }, async () => {
    const reference = await twoFiles();
    const ours = await twoFiles();
    await cp(reference.files[0]!, ours.files[0]!);
    const kubectlEnv = { ...process.env, KUBECONFIG: reference.files.join(":"), HOME: reference.dir };
    const editor = createKubeConfigEditor({
      env: { KUBECONFIG: ours.files.join(":"), HOME: ours.dir },
      homeDir: ours.dir,
    });

    for (const step of steps) {
      await execFileAsync(referenceKubectl, ["config", ...step.kubectl], { env: kubectlEnv });
      await step.kr8s(editor);
      for (const [index, file] of reference.files.entries()) {
        const expected = meaning(await readFile(file, "utf8"));
        const actual = meaning(await readFile(ours.files[index]!, "utf8"));
        expect({ step: step.kubectl.join(" "), file: index, content: actual }).toEqual({
          step: step.kubectl.join(" "),
          file: index,
          content: expected,
        });
      }
    }
  });
});
