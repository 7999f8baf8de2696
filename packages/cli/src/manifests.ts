/**
 * Objects from manifest files, as kubectl's `-f` reads them: files, directories (their `.json`, `.yaml`
 * and `.yml` files, sorted; sub-directories with `-R`), and `-` for stdin. A file may hold several YAML
 * documents; a `List` contributes its items.
 */
import { glob, readdir, readFile, stat } from "node:fs/promises";
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

/** A document that could not be read: broken YAML (which ends its file, as in kubectl), or no kind or name. */
export interface ManifestError {
  message: string;
  /**
   * Its place among the objects: after those read before it, before the next one (`2.5` after the objects
   * 0 to 2). kubectl reports the errors of `-f` in the files' order, this one among its objects' errors.
   */
  position: number;
}

/** What `-f` read: the objects in order, the files they came from (`-` for stdin), what could not be read. */
export interface Manifests {
  objects: ManifestObject[];
  files: string[];
  /** With `continueOnError`, every document that could not be read (otherwise the first one throws). */
  errors: ManifestError[];
}

/**
 * Every object of the given paths (files, directories, `-` for stdin, http(s) URLs), in order.
 * @param options.continueOnError - as kubectl's `get` and `describe` (cli-runtime's `ContinueOnError`): a
 *   document that cannot be read is kept in {@link Manifests.errors}, and the other files are read.
 * @throws {UsageError} for a path that does not exist, a directory with no manifest file (checked path by
 * path, as kubectl does: only while no file has been found yet), and without `continueOnError`, a
 * document that is not valid YAML (file and line named) or an object without `apiVersion`, `kind` or
 * `metadata.name`.
 */
export async function readManifests(
  paths: readonly string[],
  options: { recursive?: boolean; stdin?: () => Promise<string>; continueOnError?: boolean } = {},
): Promise<Manifests> {
  const objects: ManifestObject[] = [];
  const files: string[] = [];
  const errors: ManifestError[] = [];
  /** One file's (or URL's) text, its documents read in place among the others. */
  const add = (text: string, source: string): void => {
    const read = readDocuments(text, source);
    const [first] = read.errors;
    if (first && !options.continueOnError) throw new UsageError(first.message);
    for (const { message, position } of read.errors)
      errors.push({ message, position: objects.length + position });
    objects.push(...read.objects);
  };
  for (const path of paths) {
    if (isUrl(path)) {
      files.push(path);
      const fetched = await readUrl(path);
      if (typeof fetched === "string") add(fetched, path);
      else if (options.continueOnError) errors.push({ message: fetched.message, position: objects.length });
      else throw fetched;
      continue;
    }
    const matched = await matches(path);
    const expanded = await Promise.all(
      matched.map((match) => expand(match, options.recursive ?? false, true)),
    );
    for (const file of expanded.flat()) {
      files.push(file);
      if (file === "-") add(await (options.stdin ?? readStdin)(), "STDIN");
      else add(await readFile(file, "utf8"), file);
    }
    // cli-runtime's Builder.Path: nothing to read yet, after this path, is an error (a file that holds no
    // object is not: it was read).
    if (files.length === 0)
      throw new UsageError(
        `error reading [${path}]: recognized file extensions are [${MANIFEST_EXTENSIONS.join(" ")}]`,
      );
  }
  return { objects, files, errors };
}

/** An `http://` or `https://` address, which kubectl's `-f` downloads. */
function isUrl(path: string): boolean {
  return path.startsWith("http://") || path.startsWith("https://");
}

/** Attempts at a URL that fails with a 5xx or no answer (cli-runtime's `defaultHttpGetAttempts`), 1 s apart. */
const URL_ATTEMPTS = 3;

/**
 * The body of `url` (cli-runtime's URLVisitor: a plain GET, retried on a server error), or the error to
 * report in kubectl's words: `unable to read URL "…", server reported 404 Not Found, status code=404`.
 */
async function readUrl(url: string): Promise<string | UsageError> {
  const { setTimeout: sleep } = await import("node:timers/promises");
  let failure = "";
  for (let attempt = 1; attempt <= URL_ATTEMPTS; attempt++) {
    if (attempt > 1) await sleep(1000);
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
      failure = `unable to read URL ${JSON.stringify(url)}, server reported ${response.status} ${response.statusText}, status code=${response.status}`;
      if (response.status < 500) break;
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      failure = `unable to read URL ${JSON.stringify(url)}: ${cause}`;
    }
  }
  return new UsageError(failure);
}

/**
 * cli-runtime's `expandIfFilePattern`: a path that does not exist is a glob pattern (`dir/*.yaml`), its
 * matches sorted; one that matches nothing is refused as missing.
 * @throws {UsageError} `the path "…" does not exist`.
 */
async function matches(path: string): Promise<string[]> {
  if (path === "-" || (await stat(path).catch(() => undefined)) || !/[*?[]/.test(path)) return [path];
  const found: string[] = [];
  for await (const match of glob(path)) found.push(match);
  if (found.length === 0) throw new UsageError(`the path "${path}" does not exist`);
  return found.sort();
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

/**
 * The objects of one manifest text (YAML documents, or JSON).
 * @throws {UsageError} for the first document that cannot be read (see {@link readManifests}).
 */
export function parseManifest(text: string, source: string): ManifestObject[] {
  const { objects, errors } = readDocuments(text, source);
  if (errors[0]) throw new UsageError(errors[0].message);
  return objects;
}

/**
 * The objects of one manifest text, and the documents that could not be read (positions counted in this
 * text). As kubectl's stream decoder, broken YAML ends the text: the documents after it are not read.
 */
function readDocuments(text: string, source: string): { objects: ManifestObject[]; errors: ManifestError[] } {
  const objects: ManifestObject[] = [];
  const errors: ManifestError[] = [];
  const failed = (message: string): void => {
    errors.push({ message, position: objects.length - 0.5 });
  };
  for (const document of documents(text)) {
    if ("problem" in document) {
      const { line, message } = document.problem;
      failed(`error parsing ${source}${line === undefined ? "" : ` at line ${line}`}: ${message}`);
      break;
    }
    const { value } = document;
    if (value === null || value === undefined) continue;
    // A list is any object whose `items` is an array (unstructured's `IsList`): `List`, `ConfigMapList`…
    const items = isObject(value) && Array.isArray(value.items) ? (value.items as unknown[]) : [value];
    for (const item of items) {
      if (!isObject(item) || typeof item.apiVersion !== "string" || typeof item.kind !== "string") {
        failed(`error validating data in ${source}: an object needs apiVersion and kind`);
        continue;
      }
      const object = item as KubeObject;
      if (!object.metadata?.name) {
        failed(`error validating data in ${source}: ${item.kind} has no metadata.name`);
        continue;
      }
      objects.push({ object, source });
    }
  }
  return { objects, errors };
}

/** A document of a manifest text: its value, or why it could not be read (the text's line, 1-based). */
type Document = { value: unknown } | { problem: { line: number | undefined; message: string } };

/**
 * The documents of a manifest text as kubectl's `YAMLOrJSONDecoder` reads them: a text that starts with `{`
 * is a stream of JSON objects (one after another, as `jq` prints them), anything else YAML documents
 * separated by `---`. A key given twice keeps its last value, as in kubectl.
 */
function* documents(text: string): Generator<Document> {
  if (text.trimStart().startsWith("{")) {
    yield* jsonStream(text);
    return;
  }
  for (const document of parseAllDocuments(text, { uniqueKeys: false })) {
    const [problem] = document.errors;
    if (problem) {
      const message = (problem.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      yield { problem: { line: problem.linePos?.[0].line, message } };
      return;
    }
    yield { value: document.toJS() as unknown };
  }
}

/** Consecutive JSON values (whitespace between them), each parsed as it is reached; an error ends the text. */
function* jsonStream(text: string): Generator<Document> {
  let at = 0;
  while (at < text.length) {
    const start = text.slice(at).search(/\S/);
    if (start < 0) return;
    at += start;
    const end = jsonValueEnd(text, at);
    try {
      yield { value: JSON.parse(text.slice(at, end)) as unknown };
    } catch (error) {
      const line = text.slice(0, at).split("\n").length;
      yield { problem: { line, message: (error as Error).message } };
      return;
    }
    at = end;
  }
}

/**
 * Where the JSON object or array starting at `from` ends (after its closing bracket), found by counting
 * brackets outside strings; the text's end when it never closes (JSON.parse then says what is wrong).
 * A value that is not an object or array runs to the next whitespace.
 */
function jsonValueEnd(text: string, from: number): number {
  if (text[from] !== "{" && text[from] !== "[") {
    const end = text.slice(from).search(/\s/);
    return end < 0 ? text.length : from + end;
  }
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return i + 1;
  }
  return text.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
