import { readFile, stat } from "node:fs/promises";
import { AuthenticationError } from "../../errors.ts";
import { isNotFound } from "../files.ts";
import type { CredentialSource, Credentials } from "../types.ts";
import { CachedCredentialSource } from "./cached-source.ts";

/**
 * Identifies a file's current content cheaply: rotation (rename, or a rewrite in place, which moves the
 * change time even when size and mtime are put back) changes it.
 */
export async function fileVersion(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
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
 * A bearer token read from a file (`tokenFile`, projected service-account tokens). Before each request the
 * file is read again and a different token is used at once. The comparison is on content, not on
 * timestamps, so a same-size rewrite within one clock tick is still seen. (client-go re-reads the file
 * every 50 s; a token file is a few hundred bytes, so reading it per request costs about what a `stat`
 * does.) While the file is briefly missing or empty during a rotation, the token in hand is kept.
 */
export function createTokenFileCredentialSource(options: TokenFileOptions): CredentialSource {
  let loaded: string | undefined;
  const where = options.field === undefined ? options.path : `${options.path}, ${options.field}`;
  const readToken = async (): Promise<string> => (await readFile(options.path, "utf8")).trim();
  return new CachedCredentialSource({
    id: options.id,
    load: async () => {
      let token: string;
      try {
        token = await readToken();
      } catch (error) {
        throw new AuthenticationError(`cannot read the token file (${where})`, { cause: error });
      }
      if (token === "") throw new AuthenticationError(`the token file is empty (${where})`);
      loaded = token;
      const credentials: Omit<Credentials, "generation"> = { token };
      if (options.clientCertificate !== undefined) credentials.clientCertificate = options.clientCertificate;
      if (options.clientKey !== undefined) credentials.clientKey = options.clientKey;
      return credentials;
    },
    isStale: async () => {
      try {
        const token = await readToken();
        // Empty: a writer that truncates before writing is mid-rotation; keep the token we have.
        return token !== "" && token !== loaded;
      } catch (error) {
        // Missing: mid-rotation (delete, then create); keep the token we have. Other errors surface on load.
        return !isNotFound(error);
      }
    },
  });
}
