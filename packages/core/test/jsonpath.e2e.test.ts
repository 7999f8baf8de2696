// compileJsonPath against the installed kubectl (the reference): the same template on the same data must
// print the same bytes. kubectl renders a local file with `create --dry-run=client -f <file> -o jsonpath=…`
// (it needs the server only for the kind's mapping), and lists from the cluster with `get -o jsonpath=…`.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "../src/errors.ts";
import { compileJsonPath } from "../src/jsonpath/jsonpath.ts";
import { describe, expect, kubectl, runningPod, test } from "../../../scripts/cluster/fixtures.ts";

/** Arbitrary JSON under a real kind (no `items`: kubectl would take the object for a list and flatten it). */
const object = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "parity",
    labels: { app: "web" },
    annotations: { "kubernetes.io/name": "kn", "a.b": "dot" },
  },
  things: [
    { name: "x", n: 1, f: 1.5, big: 1000000, b: true, z: null, s: "<&>", tiny: 0.00001, large: 1234567.5 },
    { name: "y", n: 2, f: 2.25, b: false, neg: -3 },
    { name: "zz", n: 3, tags: ["t1", "t2"] },
  ],
  nested: { k: { deep: [1, 2, 3] } },
  empty: [],
  emptymap: {},
  str: "héllo",
  nul: null,
};

/** Templates whose kubectl output does not depend on Go's random map order. */
const templates = [
  "{.metadata.name}",
  "kind is {.kind}",
  "{@.kind}{$.kind}",
  "{.things[*].name}",
  "{.things[0]}",
  "{.things[-1].name}",
  "{.things[0:2].name}",
  "{.things[::2].name}",
  "{.things[-2:].name}",
  "{.things[0:0].name}",
  "{.things[]}",
  "{.things[0,2].name}",
  "{.things[ 0 , 1 ].name}",
  "{.things[*]['name','n']}",
  "{['metadata.name']}",
  "{.metadata.annotations.kubernetes\\.io/name}",
  "{.metadata.annotations['a.b']}",
  "{.metadata.annotations.a\\.b}",
  "{.metadata}",
  "{..deep}",
  "{..n}",
  "{.things[?(@.n==2)].name}",
  "{.things[?(@.n>1)].name}",
  "{.things[?(@.n<=2)].name}",
  "{.things[?(@.n!=2)].name}",
  "{.things[?(@.n>=-1)].name}",
  '{.things[?(@.name=="zz")].n}',
  "{.things[?(@.name=='y')].f}",
  '{.things[?( @.name == "x" )].n}',
  "{.things[?(@.b==true)].name}",
  "{.things[?(@.tags)].name}",
  "{.things[?(@.z)].name}",
  '{.things[?(@.tags[0]=="t1")].name}',
  '{.things[?(@.s=="<&>")].name}',
  "{.things[?(@.f>=2.0)].name}",
  '{range .things[*]}{.name}{"\\t"}{.n}{"\\n"}{end}',
  "{range .things[*]}[{.name}, {.tags}] {end}",
  "{range .things[*]}{range .tags[*]}{@}-{end}{end}!",
  "{range .empty[*]}{.x}{end}after",
  "{range .things[*]}{.name}",
  "{.things[0].f} {.things[0].big} {.things[0].z} {.things[0].tiny} {.things[0].large} {.things[1].neg}",
  "{.nested}",
  "{.emptymap} {.empty} {.nul}",
  "{.str.*}",
  "{.str}",
  "{.things[0].s}",
  '{"a\\tb"}{\'q\'}{"\\u00e9"}{"\\x41"}{"\\101"}',
  "{1}{2.5}{true}",
  "{.things[*] 7}",
  "{.missing}x{.metadata.missing}",
  "{.metadata.name.x}",
  "{.things.x}",
  "{.}",
  "{$}",
];

/** Templates kubectl refuses, at parse time or when it runs them on this data. */
const refused = [
  "{.a",
  "{.things[",
  '{"abc}',
  "{.things[?(@.n==1]}",
  "{....name}",
  "{.things[?(@.n==1 && @.b==true)]}",
  "{foo}",
  "{end}",
  "{.things[?(@.n=1)]}",
  "{.things[5]}",
  "{.things[2:1]}",
  "{.things[-4]}",
  "{.things[1:9]}",
  "{.things[::0]}",
  "{.metadata[0]}",
  "{.things[0].name[0]}",
  '{.things[?(@.n=="1")].name}',
  "{.things[?(@.n==1.0)].name}",
  "{.things[?(@.f>1)].name}",
];

/** Runs `run` over `items` with at most `limit` at a time (kubectl takes ~0.3 s a call). */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
    }),
  );
}

describe("compileJsonPath prints what kubectl prints", () => {
  test("on one object, for every template kubectl prints deterministically", async ({ namespace }) => {
    const file = join(mkdtempSync(join(tmpdir(), "kr8s-jsonpath-")), "object.json");
    writeFileSync(file, JSON.stringify(object));
    const render = (format: string) =>
      kubectl(["create", "--dry-run=client", "--validate=false", "-f", file, "-o", format], { namespace });
    // The object as kubectl's printer receives it (create adds metadata.namespace).
    const seen = JSON.parse((await render("json")).stdout) as unknown;

    const mismatches: { template: string; kubectl: string; ours: string }[] = [];
    await eachLimited(templates, 4, async (template) => {
      const theirs = await render(`jsonpath=${template}`);
      expect(theirs.exitCode, `${template}: ${theirs.stderr}`).toBe(0);
      const ours = compileJsonPath(template).print(seen);
      if (ours !== theirs.stdout) mismatches.push({ template, kubectl: theirs.stdout, ours });
    });
    expect(mismatches).toEqual([]);

    const asJSON = [
      '{.things[*].name}{"x"}',
      "{.metadata}",
      "{.missing}",
      "{.things[0]}",
      "{range .things[*]}{.n}{end}",
    ];
    await eachLimited(asJSON, 4, async (template) => {
      const theirs = await render(`jsonpath-as-json=${template}`);
      expect(compileJsonPath(template).printJSON(seen), template).toBe(theirs.stdout);
    });
  });

  test("refuses the templates kubectl refuses, with an InvalidArgumentError", async ({ namespace }) => {
    const file = join(mkdtempSync(join(tmpdir(), "kr8s-jsonpath-")), "object.json");
    writeFileSync(file, JSON.stringify(object));
    const seen = JSON.parse(
      (
        await kubectl(["create", "--dry-run=client", "--validate=false", "-f", file, "-o", "json"], {
          namespace,
        })
      ).stdout,
    ) as unknown;
    await eachLimited(refused, 4, async (template) => {
      const theirs = await kubectl(
        ["create", "--dry-run=client", "--validate=false", "-f", file, "-o", `jsonpath=${template}`],
        { namespace },
      );
      expect(theirs.exitCode, `kubectl accepted ${template}`).not.toBe(0);
      expect(() => compileJsonPath(template).print(seen), template).toThrow(InvalidArgumentError);
    });
  });

  test("on the lists `kubectl get` prints, for config maps and pods of the cluster", async ({
    namespace,
  }) => {
    const manifest = (name: string, labels: Record<string, string>, data: Record<string, string>) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, labels },
      data,
    });
    const items = [
      manifest("red", { tier: "fe", app: "web" }, { color: "red", size: "1" }),
      manifest("green", { tier: "be" }, { color: "green" }),
      manifest("blue", { tier: "fe" }, {}),
    ];
    const created = await kubectl(["apply", "-f", "-"], {
      namespace,
      input: JSON.stringify({ apiVersion: "v1", kind: "List", items }),
    });
    expect(created.exitCode, created.stderr).toBe(0);
    await Promise.all([runningPod(namespace, "one"), runningPod(namespace, "two")]);

    const cases: [kind: string, template: string][] = [
      ["configmaps", "{.items[*].metadata.name}"],
      ["configmaps", "{.kind} {.apiVersion} {.metadata}"],
      ["configmaps", '{range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels}{"\\n"}{end}'],
      ["configmaps", '{.items[?(@.metadata.labels.tier=="fe")].metadata.name}'],
      ["configmaps", "{.items[?(@.data.color)].data.color}"],
      ["configmaps", "{.items[-1:].metadata.name} {.items[0].kind}"],
      ["configmaps", '{range .items[*]}{.metadata.name}={.data.color}{"\\n"}{end}'],
      ["configmaps", "{.items[*]['metadata.name', 'data.size']}"],
      ["pods", '{range .items[*]}{.metadata.name} {.spec.containers[*].image} {.status.phase}{"\\n"}{end}'],
      ["pods", '{.items[*].status.conditions[?(@.type=="Ready")].status}'],
      ["pods", "{.items[*].spec.containers[0].name}"],
      ["pods", "{.items[0].spec.containers}"],
    ];
    const lists = new Map<string, unknown>();
    for (const kind of ["configmaps", "pods"]) {
      const listed = await kubectl(["get", kind, "-o", "json"], { namespace });
      lists.set(kind, JSON.parse(listed.stdout));
    }
    for (const [kind, template] of cases) {
      const theirs = await kubectl(["get", kind, "-o", `jsonpath=${template}`], { namespace });
      expect(theirs.exitCode, theirs.stderr).toBe(0);
      expect(compileJsonPath(template).print(lists.get(kind)), template).toBe(theirs.stdout);
    }
    const asJSON = await kubectl(
      ["get", "configmaps", "-o", "jsonpath-as-json={.items[*].metadata.labels}"],
      {
        namespace,
      },
    );
    expect(compileJsonPath("{.items[*].metadata.labels}").printJSON(lists.get("configmaps"))).toBe(
      asJSON.stdout,
    );
  });
});
