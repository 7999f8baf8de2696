// objectsFromFiles reads a manifest tree as `kubectl create -f` reads it: the same objects in the same
// order (kubectl's client-side dry run lists them without writing), and the same verdict on a separator
// followed by text.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidObjectError, objectsFromFiles } from "@kr8s/core";
import { expect, kubectl, test } from "@kr8s/test-utils/fixtures";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "kr8s-manifests-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

async function kubectlNames(args: string[], namespace: string): Promise<string[]> {
  const result = await kubectl(["create", "--dry-run=client", "-o", "name", ...args], { namespace });
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout.split("\n").filter(Boolean);
}

test("a directory tree gives the objects kubectl reads from it, in kubectl's order", async ({
  namespace,
}) => {
  const root = await tree({
    "b.yaml": `--- # first\n${cm("b1")}---\n# nothing\n---\n\n---\n${cm("b2")}`,
    "a.yml":
      "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: a1}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a2}}\n",
    "c.json": JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }),
    "ignored.txt": cm("ignored"),
    "m/d.yaml": cm("d"),
    "m/n/e.yaml": cm("e"),
    "z/f.yml": cm("f"),
  });
  const ours = async (recursive: boolean) =>
    (await objectsFromFiles(root, { recursive })).map((o) => `${o.kind.toLowerCase()}/${o.name}`);
  for (const recursive of [false, true]) {
    const expected = await kubectlNames(["-f", root, ...(recursive ? ["-R"] : [])], namespace);
    expect(await ours(recursive)).toEqual(expected);
  }
  expect(await ours(true)).toEqual([
    "secret/a1",
    "configmap/a2",
    "configmap/b1",
    "configmap/b2",
    "configmap/c",
    "configmap/d",
    "configmap/e",
    "configmap/f",
  ]);
});

test("both refuse a --- separator followed by text, and neither returns a partial result", async ({
  namespace,
}) => {
  const root = await tree({ "bad.yaml": `${cm("one")}--- kind: Secret\n${cm("two")}` });
  const byKubectl = await kubectl(["create", "--dry-run=client", "-o", "name", "-f", root], { namespace });
  expect(byKubectl.exitCode).not.toBe(0);
  expect(byKubectl.stdout).toBe("");
  expect(byKubectl.stderr).toContain("invalid Yaml document separator");
  await expect(objectsFromFiles(root)).rejects.toBeInstanceOf(InvalidObjectError);
});
