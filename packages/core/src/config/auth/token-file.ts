import { readFile, stat } from "node:fs/promises";
import { AuthenticationError } from "../../errors.ts";
import type { CredentialSource, Credentials } from "../types.ts";
import { CachedCredentialSource } from "./cached-source.ts";

/** Identifies a file's current content cheaply: rotation (rename or rewrite) changes it. */
export async function fileVersion(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

export interface TokenFileOptions {
  /** Identifies the configuration; derived from non-secret settings. */
  id: string;
  /** Absolute path of the file holding the bearer token. */
  path: string;
  /** The kubeconfig field that named the file, for error messages (e.g. `users[ci].tokenFile`). */
  field?: string;
  /** Client certificate to present alongside the token, if the user entry has one. */
  clientCertificate?: string;
  clientKey?: string;
}

/**
 * A bearer token read from a file (`tokenFile`, projected service-account tokens). The file is re-read
 * whenever it changes (rotation) and after a 401.
 */
export function createTokenFileCredentialSource(options: TokenFileOptions): CredentialSource {
  let lastVersion: string | undefined;
  const where = options.field === undefined ? options.path : `${options.path}, ${options.field}`;
  return new CachedCredentialSource({
    id: options.id,
    load: async () => {
      try {
        const version = await fileVersion(options.path);
        const token = (await readFile(options.path, "utf8")).trim();
        if (token === "") throw new AuthenticationError(`the token file is empty (${where})`);
        lastVersion = version;
        const loaded: Omit<Credentials, "generation"> = { token };
        if (options.clientCertificate !== undefined) loaded.clientCertificate = options.clientCertificate;
        if (options.clientKey !== undefined) loaded.clientKey = options.clientKey;
        return loaded;
      } catch (error) {
        if (error instanceof AuthenticationError) throw error;
        throw new AuthenticationError(`cannot read the token file (${where})`, { cause: error });
      }
    },
    isStale: async () => {
      try {
        return (await fileVersion(options.path)) !== lastVersion;
      } catch {
        // Mid-rotation the file can be briefly absent; keep the token we have.
        return false;
      }
    },
  });
}
