/**
 * The server's OpenAPI v3 documents (`/openapi/v3`): an index of group-versions, each pointing at its
 * document by a URL with a content hash (`/openapi/v3/apis/apps/v1?hash=…`). A URL with a hash never
 * changes content, so documents are kept on disk under that hash (client-go's `cached` OpenAPI v3 client
 * relies on the same property) and only the small index is read each time.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidResponseError } from "../errors.ts";
import type { Transport } from "../http/transport.ts";
import { serverCacheKey } from "./disk-cache.ts";

/** An OpenAPI v3 document as the server sends it (`openapi`, `info`, `paths`, `components.schemas`…). */
export type OpenApiV3Document = Record<string, unknown>;

interface OpenApiV3Index {
  paths?: Record<string, { serverRelativeURL?: string }>;
}

/** `apps/v1` → `apis/apps/v1`, `v1` → `api/v1`: the index's key for a group-version. */
export function openApiV3PathOf(groupVersion: string): string {
  return groupVersion.includes("/") ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/** @internal The OpenAPI v3 documents of one server, shared by the calls of an `Api`. */
export class OpenApiV3 {
  readonly #transport: Transport;
  readonly #cacheDir: string | false;
  /** Documents already parsed in this process, by their hashed URL. */
  readonly #documents = new Map<string, Promise<OpenApiV3Document>>();

  constructor(transport: Transport, cacheDir: string | false) {
    this.#transport = transport;
    this.#cacheDir = cacheDir;
  }

  /** The index: every path (`api/v1`, `apis/apps/v1`, `apis/apiextensions.k8s.io/v1`…) → its document's URL. */
  async paths(signal?: AbortSignal): Promise<Map<string, string>> {
    const response = await this.#transport.request<OpenApiV3Index | string>({
      method: "GET",
      path: "/openapi/v3",
      ...(signal ? { signal } : {}),
    });
    // The API server sends the index as text/plain (kube-openapi's handler), so it comes back unparsed.
    const index =
      typeof response.body === "string" ? parseIndex(response.body, response.statusCode) : response.body;
    const paths = new Map<string, string>();
    for (const [path, entry] of Object.entries(index.paths ?? {}))
      if (typeof entry.serverRelativeURL === "string") paths.set(path, entry.serverRelativeURL);
    return paths;
  }

  /** The document of `groupVersion` (`v1`, `apps/v1`), or undefined when the index does not list it. */
  async document(groupVersion: string, signal?: AbortSignal): Promise<OpenApiV3Document | undefined> {
    const url = (await this.paths(signal)).get(openApiV3PathOf(groupVersion));
    if (url === undefined) return undefined;
    let document = this.#documents.get(url);
    if (!document) {
      document = this.#load(url, signal);
      this.#documents.set(url, document);
      document.catch(() => this.#documents.delete(url));
    }
    return document;
  }

  async #load(url: string, signal: AbortSignal | undefined): Promise<OpenApiV3Document> {
    const file = this.#cacheFile(url);
    if (file) {
      try {
        return JSON.parse(await readFile(file, "utf8")) as OpenApiV3Document;
      } catch {
        // missing or corrupt: read it from the server and write it again
      }
    }
    const response = await this.#transport.request<OpenApiV3Document>({
      method: "GET",
      path: url,
      ...(signal ? { signal } : {}),
    });
    if (file) await writeAtomically(file, JSON.stringify(response.body));
    return response.body;
  }

  /** Only URLs with a content hash are cached: without one the document may change under the same name. */
  #cacheFile(url: string): string | undefined {
    if (this.#cacheDir === false) return undefined;
    const { pathname, searchParams } = new URL(url, "http://server.invalid");
    const hash = searchParams.get("hash");
    if (!hash || !/^\w+$/.test(hash)) return undefined;
    const name = pathname.replace(/^\/openapi\/v3\//, "").replace(/[^\w.-]/g, "_");
    return join(this.#cacheDir, serverCacheKey(this.#transport.server), "openapi", `${name}.${hash}.json`);
  }
}

function parseIndex(text: string, statusCode: number): OpenApiV3Index {
  try {
    return JSON.parse(text) as OpenApiV3Index;
  } catch {
    throw new InvalidResponseError(`the response to GET /openapi/v3 is not the OpenAPI v3 index (not JSON)`, {
      statusCode,
      suggestions: [
        "something other than the API server may have answered: check `server:` and the proxy settings",
      ],
    });
  }
}

/** A temporary file renamed over the target; failures are swallowed: the cache is an optimisation. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const dir = join(file, "..");
  const temporary = join(dir, `.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, file);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
