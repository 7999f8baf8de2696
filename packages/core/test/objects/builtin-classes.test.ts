// The built-in classes and how registries know them: every Registry resolves them unless created with
// `builtins: false`; a registered subclass overrides a built-in in its own registry only.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "../../src/index.ts";
import {
  APIObject,
  defaultRegistry,
  Event,
  EventsV1Event,
  HorizontalPodAutoscaler,
  Pod,
  Registry,
  type KindInfo,
} from "../../src/index.ts";
import { builtinClasses } from "../../src/objects/builtins.ts";
import { mockCluster } from "../verbs/mock-cluster.ts";

class MyPod extends Pod {
  get firstImage(): string | undefined {
    return this.raw.spec?.containers[0]?.image;
  }
}

const podInfo: KindInfo = {
  group: "",
  version: "v1",
  apiVersion: "v1",
  kind: "Pod",
  plural: "pods",
  singular: "pod",
  shortNames: ["po"],
  namespaced: true,
  verbs: ["get", "list"],
  categories: ["all"],
  subresources: ["status"],
};

/** The README's table of built-in classes, one row of cells per class, as the classes say it should read. */
function tableRows(): string[][] {
  const code = (text: string) => (text ? `\`${text}\`` : "");
  return builtinClasses.map((cls) => [
    code(cls.name),
    code(cls.apiVersion),
    code(cls.plural),
    cls.shortNames.map(code).join(", "),
    cls.namespaced ? "yes" : "no",
    cls.scalable ? code(`spec.${cls.scalableSpec}`) : "",
  ]);
}

/** The body rows of the first Markdown table after `heading`, as trimmed cells. */
function readmeTable(heading: string): string[][] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf(heading));
  const lines = section.split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith("|"));
  return lines.slice(start + 2, end).map((line) =>
    line
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim()),
  );
}

const list = (items: unknown[]) => ({ status: 200, body: { kind: "List", metadata: {}, items } });

describe("built-in classes", () => {
  it("each is exported by its name from @kr8s/core and known to new registries and the default one", () => {
    const exports = core as unknown as Record<string, unknown>;
    const fresh = new Registry();
    for (const cls of builtinClasses) {
      expect(exports[cls.name], cls.name).toBe(cls);
      expect(fresh.get(cls.apiVersion, cls.kind), cls.name).toBe(cls);
      expect(defaultRegistry.get(cls.apiVersion, cls.kind), cls.name).toBe(cls);
    }
    const kinds = new Set(builtinClasses.map((cls) => `${cls.apiVersion} ${cls.kind}`));
    expect(kinds.size).toBe(builtinClasses.length);
  });

  it("Event is the core group's, EventsV1Event the events.k8s.io one", () => {
    const registry = new Registry();
    expect(registry.get("v1", "Event")).toBe(Event);
    expect(registry.get("events.k8s.io/v1", "Event")).toBe(EventsV1Event);
  });

  it("exist for one version of a kind: autoscaling/v1 HorizontalPodAutoscaler has none", () => {
    const registry = new Registry();
    expect(registry.get("autoscaling/v2", "HorizontalPodAutoscaler")).toBe(HorizontalPodAutoscaler);
    expect(registry.get("autoscaling/v1", "HorizontalPodAutoscaler")).toBeUndefined();
  });

  it("a registry created with builtins: false knows only what is registered in it", () => {
    const registry = new Registry({ builtins: false });
    expect(registry.get("v1", "Pod")).toBeUndefined();
    const cls = registry.classFor(podInfo);
    expect(cls).not.toBe(Pod);
    expect([cls.kind, cls.apiVersion, cls.plural, cls.shortNames]).toEqual(["Pod", "v1", "pods", ["po"]]);
    registry.register(MyPod);
    expect(registry.classFor(podInfo)).toBe(MyPod);
  });

  it("a registered subclass overrides the built-in in its registry only; unregistering restores it", () => {
    const mine = new Registry();
    mine.register(MyPod);
    expect(mine.get("v1", "Pod")).toBe(MyPod);
    expect(mine.classFor(podInfo)).toBe(MyPod);
    expect(new Registry().get("v1", "Pod")).toBe(Pod);
    expect(defaultRegistry.get("v1", "Pod")).toBe(Pod);
    // Built-ins are not registered, so there is nothing to unregister.
    expect(mine.unregister(Pod)).toBe(false);
    expect(mine.unregister(MyPod)).toBe(true);
    expect(mine.get("v1", "Pod")).toBe(Pod);
  });
});

describe("the verbs return built-in classes", () => {
  it("through the default registry, by every kind spelling", async () => {
    const cluster = await mockCluster();
    cluster.respond(() =>
      list([{ metadata: { name: "web" }, spec: { containers: [{ name: "c", image: "nginx" }] } }]),
    );
    const [pod] = await cluster.k.get("po");
    expect(pod).toBeInstanceOf(Pod);
    expect(pod instanceof Pod && pod.spec?.containers[0]?.image).toBe("nginx");
    expect((await cluster.k.get("ev"))[0]).toBeInstanceOf(Event);
    expect((await cluster.k.get("events.events.k8s.io"))[0]).toBeInstanceOf(EventsV1Event);
    expect((await cluster.k.get("hpa"))[0]).toBeInstanceOf(HorizontalPodAutoscaler);
    const [v1Hpa] = await cluster.k.get("horizontalpodautoscalers.v1.autoscaling");
    expect(v1Hpa).toBeInstanceOf(APIObject);
    expect(v1Hpa).not.toBeInstanceOf(HorizontalPodAutoscaler);
    await cluster.k.close();
    await cluster.agent.close();
  });

  it("a subclass registered in the default registry is what api() clients without a registry return", async () => {
    defaultRegistry.register(MyPod);
    try {
      const cluster = await mockCluster();
      cluster.respond(() =>
        list([{ metadata: { name: "web" }, spec: { containers: [{ name: "c", image: "nginx" }] } }]),
      );
      const [pod] = await cluster.k.get("pods");
      expect(pod).toBeInstanceOf(MyPod);
      expect(pod instanceof MyPod && pod.firstImage).toBe("nginx");
      await cluster.k.close();
      await cluster.agent.close();
    } finally {
      defaultRegistry.unregister(MyPod);
    }
  });

  it("an Api whose registry has no built-ins returns generic classes", async () => {
    const cluster = await mockCluster({ registry: new Registry({ builtins: false }) });
    cluster.respond(() => list([{ metadata: { name: "web" } }]));
    const [pod] = await cluster.k.get("po");
    expect(pod).toBeInstanceOf(APIObject);
    expect(pod).not.toBeInstanceOf(Pod);
    expect(pod?.kind).toBe("Pod");
    await cluster.k.close();
    await cluster.agent.close();
  });
});

describe("docs", () => {
  it("the README's table lists every built-in class with its metadata", () => {
    const expected = tableRows();
    const table = (rows: string[][]) => rows.map((row) => `| ${row.join(" | ")} |`).join("\n");
    // On a difference the expected rows are printed, ready to paste (then run prettier).
    expect(table(readmeTable("## Built-in classes"))).toBe(table(expected));
  });
});

describe("modules", () => {
  // A built-in class module imported before anything else used to hit an import cycle (api-object → the
  // default client → api → registry → built-ins → api-object) and run `extends APIObject` too early.
  it.each(["objects/core/pod.ts", "objects/api-object.ts"])(
    "%s can be the first module a program imports",
    (path) => {
      const url = new URL(`../../src/${path}`, import.meta.url).href;
      const result = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(url)}); console.log(Object.keys(m).join())`,
        ],
        { encoding: "utf8", cwd: fileURLToPath(new URL("../..", import.meta.url)) },
      );
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.status).toBe(0);
      expect(result.stdout.trim().split(",")).toContain(path.endsWith("pod.ts") ? "Pod" : "APIObject");
    },
  );
});
