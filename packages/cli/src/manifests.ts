/**
 * Objects from manifest files, as kubectl's `-f` reads them: files, directories (their `.json`, `.yaml`
 * and `.yml` files, sorted; sub-directories with `-R`), and `-` for stdin. A file may hold several YAML
 * documents; a `List` contributes its items.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "@kr8s/core";
// Imported statically, not with `await import("yaml")`: yaml is CommonJS, and in the esbuild bundle
// (scripts/bundle.ts) a dynamic import of a CommonJS package yields only its default export. Loading it costs
// nothing extra: @kr8s/core has loaded it to read the kubeconfig.
import { parseAllDocuments } from "yaml";
import { UsageError } from "./errors.ts";

/** An object read from a manifest, with where it came from (for messages). */
export interface ManifestObject {
  object: KubeObject;
  source: string;
}

const MANIFEST_EXTENSIONS = [".json", ".yaml", ".yml"];

/** What `-f` read: the objects in order, and the files they came from (`-` for stdin). */
export interface Manifests {
  objects: ManifestObject[];
  files: string[];
}

/**
 * Every object of the given paths, in order.
 * @throws {UsageError} for a path that does not exist, a directory with no manifest file (checked path by
 * path, as kubectl does: only while no file has been found yet), a document that is not valid YAML (file and line
 * named), or an object without `apiVersion`, `kind` or `metadata.name`.
 */
export async function readManifests(
  paths: readonly string[],
  options: { recursive?: boolean; stdin?: () => Promise<string> } = {},
): Promise<Manifests> {
  const objects: ManifestObject[] = [];
  const files: string[] = [];
  for (const path of paths) {
    for (const file of await expand(path, options.recursive ?? false, true)) {
      files.push(file);
      const text = file === "-" ? await (options.stdin ?? readStdin)() : await readFile(file, "utf8");
      objects.push(...parseManifest(text, file === "-" ? "STDIN" : file));
    }
    // cli-runtime's Builder.Path: nothing to read yet, after this path, is an error (a file that holds no
    // object is not: it was read).
    if (files.length === 0)
      throw new UsageError(
        `error reading [${path}]: recognized file extensions are [${MANIFEST_EXTENSIONS.join(" ")}]`,
      );
  }
  return { objects, files };
}

async function expand(path: string, recursive: boolean, top: boolean): Promise<string[]> {
  if (path === "-") return ["-"];
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`the path "${path}" does not exist`);
  if (!info.isDirectory()) return [path];
  if (!top && !recursive) return [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await expand(full, recursive, false)));
    else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) files.push(full);
  }
  return files;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The objects of one manifest text (YAML documents, or JSON). */
export function parseManifest(text: string, source: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const document of parseAllDocuments(text)) {
    const [problem] = document.errors;
    if (problem) {
      const line = problem.linePos?.[0].line;
      throw new UsageError(
        `error parsing ${source}${line === undefined ? "" : ` at line ${line}`}: ${(problem.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
      );
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const items =
      isObject(value) && value.kind === "List" && Array.isArray(value.items)
        ? (value.items as unknown[])
        : [value];
    for (const item of items) {
      if (!isObject(item) || typeof item.apiVersion !== "string" || typeof item.kind !== "string")
        throw new UsageError(`error validating data in ${source}: an object needs apiVersion and kind`);
      const object = item as KubeObject;
      if (!object.metadata?.name)
        throw new UsageError(`error validating data in ${source}: ${item.kind} has no metadata.name`);
      objects.push({ object, source });
    }
  }
  return objects;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
