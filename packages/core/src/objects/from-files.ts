/**
 * Manifests → objects, as `kubectl apply -f` reads them: a file (any name) or a directory of `.json`,
 * `.yaml`, `.yml` files (`recursive` for subdirectories), split into documents at `---` lines exactly as
 * apimachinery's YAMLReader splits them, empty documents skipped, lists expanded. Everything is read and
 * checked before anything is returned.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { parseDocument } from "yaml";
import { describeYamlError, KUBECONFIG_YAML_OPTIONS } from "../config/kubeconfig.ts";
import { InvalidArgumentError, InvalidObjectError } from "../errors.ts";
import type { APIObject, KubeObject } from "./api-object.ts";
import { objectFromSpec, type ObjectFromSpecOptions } from "./from-spec.ts";

/** Options of {@link objectsFromFiles}. */
export interface ObjectsFromFilesOptions extends ObjectFromSpecOptions {
  /** Also read the subdirectories of a directory (kubectl's `-R`). @default false */
  recursive?: boolean | undefined;
}

/** Options of {@link objectsFromString}. */
export interface ObjectsFromStringOptions extends ObjectFromSpecOptions {
  /** How errors name the text (a file name, `<stdin>`). @default "<string>" */
  source?: string | undefined;
}

/** The extensions a directory's manifests have (kubectl's `FileExtensions`). */
const MANIFEST_EXTENSIONS = new Set([".json", ".yaml", ".yml"]);

/** A document of a manifest, with where it starts. */
interface Chunk {
  readonly text: string;
  /** Counted from 1, empty documents included. */
  readonly document: number;
  /** The line of the file the document's text starts at. */
  readonly firstLine: number;
}

/** Whether a document's text holds nothing but blank lines and comments. */
const isBlank = (lines: readonly string[]): boolean =>
  lines.every((line) => line.trim() === "" || line.trimStart().startsWith("#"));

/**
 * Splits a manifest at its `---` lines. As apimachinery's YAMLReader: a line starting with `---` ends a
 * document; what follows the dashes on that line may only be a comment, anything else is an error (never a
 * document silently dropped). Documents are numbered as YAML numbers them: what precedes the first `---`
 * is a document only if it holds more than comments.
 */
function splitDocuments(text: string, source: string): Chunk[] {
  const pieces: { lines: string[]; firstLine: number }[] = [];
  let current: string[] = [];
  let firstLine = 1;
  for (const [index, line] of text.split("\n").entries()) {
    if (!line.startsWith("---")) {
      current.push(line);
      continue;
    }
    const rest = line.slice(3).trim();
    if (rest !== "" && !rest.startsWith("#"))
      // The trailing text is not quoted: it may be a value, and values may be secrets.
      throw new InvalidObjectError(
        `invalid document separator at line ${index + 1}: only a comment may follow "---" on its line`,
        { file: source, suggestions: ["put the document's first line on the line after the separator"] },
      );
    pieces.push({ lines: current, firstLine });
    current = [];
    firstLine = index + 2;
  }
  pieces.push({ lines: current, firstLine });
  if (pieces.length > 1 && isBlank(pieces[0]?.lines ?? [])) pieces.shift();
  return pieces.map((piece, index) => ({
    text: piece.lines.join("\n"),
    document: index + 1,
    firstLine: piece.firstLine,
  }));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The objects of one parsed document: a list (`kind: List`, or any `…List` with `items`) is expanded,
 * nested lists too. As apimachinery's unstructured list decoding, an item with neither `kind` nor
 * `apiVersion` takes the list's `apiVersion` and its kind without the `List` suffix (a `PodList`'s items
 * are Pods).
 */
function expand(value: Record<string, unknown>, out: Record<string, unknown>[]): void {
  const { kind, items } = value;
  if (typeof kind !== "string" || !kind.endsWith("List") || !Array.isArray(items)) {
    out.push(value);
    return;
  }
  const itemKind = kind.slice(0, -"List".length);
  for (const item of items as unknown[]) {
    if (isMapping(item) && item.kind === undefined && item.apiVersion === undefined && itemKind !== "") {
      item.kind = itemKind;
      item.apiVersion = value.apiVersion;
    }
    if (isMapping(item)) expand(item, out);
    else out.push(item as Record<string, unknown>);
  }
}

function checkObject(value: unknown, where: { file: string; document: number }, item?: number): KubeObject {
  const what = item === undefined ? "the document" : `item ${item + 1} of the list`;
  const fail = (message: string, suggestions: string[]): never => {
    throw new InvalidObjectError(message, { ...where, suggestions });
  };
  if (!isMapping(value))
    fail(`${what} is not a Kubernetes object (a mapping with apiVersion, kind, metadata)`, []);
  const object = value as KubeObject;
  if (typeof object.kind !== "string" || object.kind === "")
    fail(`${what} has no \`kind\``, ["set `kind`, e.g. `kind: Pod`"]);
  if (typeof object.apiVersion !== "string" || object.apiVersion === "")
    fail(`${what} (${String(object.kind)}) has no \`apiVersion\``, [
      "set `apiVersion`, e.g. `apiVersion: v1`",
    ]);
  return object;
}

/** The objects of one manifest's text, checked; `source` names it in errors. */
function parseManifest(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const chunk of splitDocuments(text, source)) {
    const where = { file: source, document: chunk.document };
    // YAML 1.1, as go-yaml (and so kubectl) reads manifests: `on`, `yes` are booleans. JSON is YAML.
    const doc = parseDocument(chunk.text, KUBECONFIG_YAML_OPTIONS);
    const [error] = doc.errors;
    if (error)
      throw new InvalidObjectError(describeYamlError(error, chunk.text, chunk.firstLine), {
        ...where,
        cause: error,
      });
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isMapping(value)) {
      checkObject(value, where);
      continue;
    }
    const expanded: Record<string, unknown>[] = [];
    expand(value, expanded);
    const listed = expanded.length !== 1 || expanded[0] !== value;
    for (const [item, object] of expanded.entries())
      objects.push(checkObject(object, where, listed ? item : undefined));
  }
  return objects;
}

/**
 * The objects of a manifest held in memory (YAML or JSON, several documents separated by `---`), each an
 * instance of its registered class (see `objectFromSpec`). Empty documents are skipped; lists expanded.
 * @example
 * const objects = objectsFromString(await readStdin(), { source: "<stdin>" });
 * @throws {InvalidObjectError} naming `source` and the document: invalid YAML (with line and column), a
 * separator followed by text, a document or list item without `kind`/`apiVersion`.
 */
export function objectsFromString(
  text: string | Uint8Array,
  options: ObjectsFromStringOptions = {},
): APIObject[] {
  const { source = "<string>", ...spec } = options;
  const content = typeof text === "string" ? text : new TextDecoder().decode(text);
  return parseManifest(content, source).map((object) => objectFromSpec(object, spec));
}

/** The manifest files under `path`, in kubectl's order (lexical, subdirectories where they sort). */
async function manifestFiles(path: string, recursive: boolean, top: boolean): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InvalidArgumentError(
      `the path "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      {
        cause: error,
        suggestions: ["give the path of a manifest file or of a directory of them"],
      },
    );
  }
  // A file named on its own is read whatever its extension, as kubectl reads it.
  if (!info.isDirectory()) return [path];
  if (!top && !recursive) return [];
  const entries = await readdir(path, { withFileTypes: true });
  // Go's filepath.Walk order: names compared bytewise.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await manifestFiles(child, recursive, false)));
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(child);
  }
  return files;
}

/**
 * The objects of manifest files: `path` is a file (read whatever its extension) or a directory, whose
 * `.json`, `.yaml` and `.yml` files are read in name order (subdirectories too with `recursive`, like
 * kubectl's `-f dir -R`). Several paths may be given. Each file may hold several documents separated by
 * `---` lines (a comment may follow the dashes; other text is an error); empty documents are skipped;
 * a `kind: List` (or `PodList`…) is expanded into its items. Every file is read and checked before
 * anything is returned: on an error nothing is. Objects are instances of their registered classes.
 * @example
 * for (const object of await objectsFromFiles("manifests/", { recursive: true })) await object.apply();
 * @throws {InvalidObjectError} naming the file and the document (counted from 1): invalid YAML (with
 * line and column), a separator followed by text, a document or list item without `kind`/`apiVersion`.
 * @throws {InvalidArgumentError} when a path does not exist or cannot be read.
 */
export async function objectsFromFiles(
  path: string | readonly string[],
  options: ObjectsFromFilesOptions = {},
): Promise<APIObject[]> {
  const { recursive = false, ...spec } = options;
  const paths = typeof path === "string" ? [path] : path;
  const files = (await Promise.all(paths.map((p) => manifestFiles(p, recursive, true)))).flat();
  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return await readFile(file, "utf8");
      } catch (error) {
        throw new InvalidArgumentError(
          `the file "${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          {
            cause: error,
          },
        );
      }
    }),
  );
  const objects = files.flatMap((file, index) => parseManifest(texts[index] ?? "", file));
  return objects.map((object) => objectFromSpec(object, spec));
}
