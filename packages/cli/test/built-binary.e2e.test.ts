// The CLI as users install it: the esbuild bundles of @kr8s/cli (scripts/bundle.ts) and @kr8s/core (its
// `build` script), run through bin/run.js. Every other CLI test runs the sources (bin/dev.js), so this file
// is what proves the bundles work: the commands load from their chunks, the externals resolve, core's
// code-split chunks (streams, loaded on first use) import, and output is kubectl's.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { run } from "@kr8s/test-utils/exec";
import { describe, expect, kubectl, test } from "@kr8s/test-utils/fixtures";
import { beforeAll } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const runJs = fileURLToPath(new URL("../bin/run.js", import.meta.url));
const coreDist = fileURLToPath(new URL("../../core/dist/", import.meta.url));

const builtKr8s = (args: readonly string[]) => run(process.execPath, [runJs, ...args], { timeoutMs: 60_000 });

/** kubectl's ages (`5s`, `2m3s`) vary between two runs: compare the rest. */
const withoutAges = (text: string): string => text.replaceAll(/\b\d+[smhd](\d+[smh])?\b/g, "<age>");

describe("the built kr8s binary", () => {
  beforeAll(async () => {
    // turbo replays its cache when `pnpm run check` built already (publint depends on the build).
    const build = await run("pnpm", ["exec", "turbo", "run", "build", "--filter=@kr8s/cli..."], {
      cwd: root,
      timeoutMs: 600_000,
    });
    if (build.exitCode !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  }, 600_000);

  test("get prints what kubectl prints", async ({ namespace, kubeconfig }) => {
    for (const name of ["alpha", "beta"])
      await kubectl(["create", "configmap", name, "--from-literal=k=v"], { namespace });
    const ours = await builtKr8s(["get", "configmaps", "-n", namespace, "--kubeconfig", kubeconfig]);
    const theirs = await kubectl(["get", "configmaps"], { namespace });
    expect(ours.stderr).toBe("");
    expect(ours.exitCode).toBe(0);
    expect(withoutAges(ours.stdout)).toBe(withoutAges(theirs.stdout));
    expect(ours.stdout).toContain("alpha");
  });

  test("an unknown command is answered with the nearest one by the command_not_found hook", async () => {
    const result = await builtKr8s(["gett", "pods"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Error: unknown command "gett" for "kr8s"\n\nDid you mean this?\n\tget\n\n');
  });

  test("every command in the manifest loads from the bundle and prints its help", async () => {
    const manifest = JSON.parse(
      await readFile(new URL("../oclif.manifest.json", import.meta.url), "utf8"),
    ) as { commands: Record<string, unknown> };
    const ids = Object.keys(manifest.commands);
    expect(ids).toEqual(expect.arrayContaining(["get", "config:view", "auth:can-i"]));
    for (const id of ids) {
      const result = await builtKr8s([...id.split(":"), "--help"]);
      expect({ id, exitCode: result.exitCode }).toEqual({ id, exitCode: 0 });
      expect(result.stdout).toContain("USAGE");
    }
  });

  test("every chunk of the core bundle imports (the ones loaded on first use too)", async () => {
    const chunks = (await readdir(coreDist)).filter((file) => file.endsWith(".js"));
    expect(chunks).toContain("index.js");
    const script = chunks.map((file) => `await import(${JSON.stringify(coreDist + file)});`).join("\n");
    const result = await run(process.execPath, ["--input-type=module", "-e", script], { timeoutMs: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });
});
