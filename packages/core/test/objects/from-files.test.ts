// objectsFromFiles / objectsFromString / objectFromSpec on temporary directory trees: what is read, in
// which order, how documents split, and what a bad manifest reports (file, document, line; never a value).
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  APIObject,
  InvalidArgumentError,
  InvalidObjectError,
  newClass,
  objectFromSpec,
  objectsFromFiles,
  objectsFromString,
  Registry,
} from "../../src/index.ts";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "kr8s-manifests-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const names = (objects: APIObject[]) => objects.map((o) => `${o.kind}/${o.name}`);

async function failure(promise: Promise<unknown>): Promise<InvalidObjectError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidObjectError);
  return error as InvalidObjectError;
}

describe("objectsFromFiles", () => {
  it("reads a directory's .json/.yaml/.yml files in name order, subdirectories only when recursive", async () => {
    const root = await tree({
      "b.yaml": cm("b"),
      "a.yml": cm("a"),
      "c.json": JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "c" } }),
      "notes.txt": "not a manifest",
      "README.md": "# not a manifest",
      "sub/d.yaml": cm("d"),
      "sub/deeper/e.YAML": cm("e"),
    });
    expect(names(await objectsFromFiles(root))).toEqual(["ConfigMap/a", "ConfigMap/b", "Secret/c"]);
    // Subdirectories sit where their names sort, as filepath.Walk visits them.
    expect(names(await objectsFromFiles(root, { recursive: true }))).toEqual([
      "ConfigMap/a",
      "ConfigMap/b",
      "Secret/c",
      "ConfigMap/d",
      "ConfigMap/e",
    ]);
    // A file named explicitly is read whatever its extension; several paths are read in order.
    const txt = await tree({ "x.txt": cm("x") });
    expect(names(await objectsFromFiles([join(txt, "x.txt"), join(root, "a.yml")]))).toEqual([
      "ConfigMap/x",
      "ConfigMap/a",
    ]);
  });

  it("does not follow a symlinked directory, as kubectl's walk does not", async () => {
    const target = await tree({ "t.yaml": cm("t") });
    const root = await tree({ "a.yaml": cm("a") });
    await symlink(target, join(root, "linked"));
    expect(names(await objectsFromFiles(root, { recursive: true }))).toEqual(["ConfigMap/a"]);
  });

  it("splits documents at --- lines (a comment may follow), skips empty ones and expands lists", async () => {
    const root = await tree({
      "all.yaml": [
        "# a leading comment",
        "--- # first",
        cm("one"),
        "---",
        "# only a comment",
        "---",
        "",
        "---#tight comment",
        "apiVersion: v1",
        "kind: List",
        "items:",
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: two}}",
        "- apiVersion: v1",
        "  kind: List",
        "  items: [{apiVersion: v1, kind: Secret, metadata: {name: three}}]",
        "---",
        "apiVersion: v1",
        "kind: PodList",
        "items:",
        "- metadata: {name: four}",
        "...",
      ].join("\n"),
    });
    const objects = await objectsFromFiles(join(root, "all.yaml"));
    expect(names(objects)).toEqual(["ConfigMap/one", "ConfigMap/two", "Secret/three", "Pod/four"]);
    // A typed list's items without kind/apiVersion take them from the list, as apimachinery decodes them.
    expect(objects[3]?.apiVersion).toBe("v1");
  });

  it("refuses a --- separator followed by text, naming the file and line, and returns nothing", async () => {
    const root = await tree({ "a.yaml": cm("a"), "b.yaml": `${cm("b")}--- password: hunter2\n${cm("c")}` });
    const error = await failure(objectsFromFiles(root));
    expect(error.file).toBe(join(root, "b.yaml"));
    expect(error.message).toBe(
      `${join(root, "b.yaml")}: invalid document separator at line 5: only a comment may follow "---" on its line`,
    );
    expect(error.message).not.toContain("hunter2");
  });

  it("names the file, document and line of invalid YAML, never its text", async () => {
    const bad = `${cm("ok")}---\n\n---\napiVersion: v1\nkind: Secret\nstringData:\n  password: [hunter2\n`;
    const root = await tree({ "a.yaml": cm("a"), "z.yaml": bad });
    const error = await failure(objectsFromFiles(root));
    expect([error.file, error.document]).toEqual([join(root, "z.yaml"), 3]);
    // The flow sequence opened on line 11 is still open at the end of the file (line 12).
    expect(error.message).toBe(
      `${join(root, "z.yaml")}, document 3: invalid YAML at line 12, column 1 (BAD_INDENT)`,
    );
    expect(error.message).not.toContain("hunter2");
  });

  it("refuses documents and list items that are not objects with kind and apiVersion", async () => {
    const root = await tree({
      "nokind.yaml": `${cm("a")}---\napiVersion: v1\nmetadata: {name: b}\n`,
      "scalar.yaml": "just text\n",
      "item.yaml": "apiVersion: v1\nkind: List\nitems:\n- " + `{kind: ConfigMap, metadata: {name: c}}\n`,
    });
    const nokind = await failure(objectsFromFiles(join(root, "nokind.yaml")));
    expect(nokind.message).toBe(`${join(root, "nokind.yaml")}, document 2: the document has no \`kind\``);
    const scalar = await failure(objectsFromFiles(join(root, "scalar.yaml")));
    expect(scalar.message).toContain("document 1: the document is not a Kubernetes object");
    const item = await failure(objectsFromFiles(join(root, "item.yaml")));
    expect(item.message).toBe(
      `${join(root, "item.yaml")}, document 1: item 1 of the list (ConfigMap) has no \`apiVersion\``,
    );
  });

  it("reports a path that does not exist as an InvalidArgumentError", async () => {
    const root = await tree({});
    const missing = objectsFromFiles(join(root, "missing.yaml"));
    await expect(missing).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(missing).rejects.toThrow(`the path "${join(root, "missing.yaml")}" cannot be read (ENOENT)`);
    expect(await objectsFromFiles(root)).toEqual([]);
  });

  it("reads YAML as kubectl does (YAML 1.1: a bare yes is a boolean) and JSON as YAML", () => {
    const [obj] = objectsFromString(
      "apiVersion: v1\nkind: X\nmetadata: {name: y}\nspec: {a: yes, b: 'yes', t: 2001-12-14}\n",
    );
    expect(obj?.spec).toEqual({ a: true, b: "yes", t: "2001-12-14" });
    const [fromBytes] = objectsFromString(
      new TextEncoder().encode(JSON.stringify({ apiVersion: "v1", kind: "Pod" })),
    );
    expect(fromBytes?.kind).toBe("Pod");
    expect(() => objectsFromString("a: [", { source: "<stdin>" })).toThrow(
      /^<stdin>, document 1: invalid YAML/,
    );
    // A leading --- opens the first document; it does not make an empty one before it.
    expect(() => objectsFromString("# header\n---\na: [\n")).toThrow(
      /^<string>, document 1: invalid YAML at line 4/,
    );
  });
});

describe("objectFromSpec", () => {
  class MyPod extends newClass({ kind: "Pod", apiVersion: "v1", plural: "pods" }) {
    hello(): string {
      return `hello ${this.name}`;
    }
  }
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" } };

  it("returns the registered class (a user subclass wins), else one generic class per kind", async () => {
    const registry = new Registry();
    registry.register(MyPod);
    const mine = objectFromSpec(pod, { registry });
    expect(mine).toBeInstanceOf(MyPod);
    expect((mine as MyPod).hello()).toBe("hello web");
    expect(mine.raw).toBe(pod);

    const widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } };
    const generic = objectFromSpec(widget, { registry });
    expect(generic).toBeInstanceOf(APIObject);
    expect(generic).not.toBeInstanceOf(MyPod);
    const cls = generic.constructor as typeof APIObject;
    expect([cls.kind, cls.apiVersion, cls.plural]).toEqual(["Widget", "example.com/v1", ""]);
    expect(objectFromSpec({ ...widget }).constructor).toBe(cls);

    // Files come through the same door.
    const root = await tree({ "p.yaml": JSON.stringify(pod) });
    const [fromFile] = await objectsFromFiles(root, { registry });
    expect(fromFile).toBeInstanceOf(MyPod);
  });

  it("refuses a spec without kind or apiVersion", () => {
    expect(() => objectFromSpec({ kind: "Pod" })).toThrow(InvalidObjectError);
    expect(() => objectFromSpec({ kind: "Pod" })).toThrow("the Pod has no `apiVersion`");
    expect(() => objectFromSpec({ apiVersion: "v1" })).toThrow(InvalidObjectError);
  });
});
