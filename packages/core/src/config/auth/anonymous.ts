import type { CredentialSource, Credentials } from "../types.ts";

const NONE: Credentials = Object.freeze({ generation: 0 });

/** No credentials at all: requests go out unauthenticated (e.g. an explicit `url` without auth). */
export function createAnonymousCredentialSource(): CredentialSource {
  return {
    id: "anonymous",
    get: () => Promise.resolve(NONE),
    invalidate: () => false,
  };
}
