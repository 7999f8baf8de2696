/**
 * The `oidc` auth-provider: send the `id-token` while its JWT `exp` lies ahead, then refresh it with the
 * `refresh-token` at the issuer's token endpoint and persist the new tokens, as kubectl does.
 */
import { Agent, request, type Dispatcher } from "undici";
import { AuthenticationError, KubeConfigError } from "../../errors.ts";
import { readReferencedFile } from "../files.ts";
import { decodePemData } from "../pem.ts";
import type { CredentialSource, Credentials } from "../types.ts";
import { CachedCredentialSource } from "./cached-source.ts";

export interface OidcCredentialOptions {
  id: string;
  /** For error fields, e.g. `users[sso].auth-provider.config.idp-issuer-url`. */
  userName: string;
  /** The kubeconfig that defined the user, for messages. */
  file?: string | undefined;
  /** `auth-provider.config`: `idp-issuer-url`, `client-id`, `client-secret`, `id-token`, `refresh-token`… */
  config: Readonly<Record<string, string>>;
  /** Stores refreshed tokens (the whole new config) back where they came from. */
  persist?: (config: Record<string, string>) => Promise<void>;
  /** Transport for discovery and refresh (tests, proxies); otherwise one honouring `idp-certificate-authority`. */
  dispatcher?: Dispatcher;
  /** Refresh this long before the id-token expires. @default 10_000 */
  refreshMarginMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Decodes the `exp` claim of a JWT without verifying it (the API server verifies). */
export function jwtExpiry(token: string): Date | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A {@link CredentialSource} for `auth-provider: {name: oidc}`.
 * @throws {KubeConfigError} when neither a usable `id-token` nor `idp-issuer-url` + `refresh-token` is set.
 */
export function createOidcCredentialSource(options: OidcCredentialOptions): CredentialSource {
  const config: Record<string, string> = { ...options.config };
  const field = (name: string): string => `users[${options.userName}].auth-provider.config.${name}`;
  const where = { file: options.file };
  if (!config["client-id"])
    throw new KubeConfigError("the oidc auth-provider needs client-id", {
      ...where,
      field: field("client-id"),
    });
  if (!config["id-token"] && !config["refresh-token"]) {
    throw new KubeConfigError("the oidc auth-provider needs an id-token or a refresh-token", {
      ...where,
      field: field("id-token"),
    });
  }
  if (config["refresh-token"] && !config["idp-issuer-url"]) {
    throw new KubeConfigError("the oidc auth-provider needs idp-issuer-url to refresh tokens", {
      ...where,
      field: field("idp-issuer-url"),
    });
  }
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 10_000;
  let forceRefresh = false;
  let lastGeneration = 0;

  const inner = new CachedCredentialSource({
    id: options.id,
    refreshMarginMs: margin,
    now,
    load: async () => {
      const idToken = config["id-token"];
      const expiresAt = idToken ? jwtExpiry(idToken) : undefined;
      const usable =
        idToken && !forceRefresh && (expiresAt === undefined || expiresAt.getTime() - margin > now());
      if (usable) return expiresAt === undefined ? { token: idToken } : { token: idToken, expiresAt };
      if (!config["refresh-token"]) {
        throw new AuthenticationError("the OIDC id-token has expired and there is no refresh-token", {
          suggestions: ["log in to your identity provider again (e.g. `kubectl oidc-login`)"],
        });
      }
      const refreshed = await refresh(config, options, field);
      forceRefresh = false;
      config["id-token"] = refreshed.idToken;
      if (refreshed.refreshToken !== undefined) config["refresh-token"] = refreshed.refreshToken;
      if (options.persist) {
        try {
          await options.persist({ ...config });
        } catch (error) {
          // The new token works for this process even if the file could not be updated.
          process.emitWarning(
            `could not store the refreshed OIDC tokens${options.file ? ` in ${options.file}` : ""}: ${(error as Error).message}`,
          );
        }
      }
      const newExpiry = jwtExpiry(refreshed.idToken);
      return newExpiry === undefined
        ? { token: refreshed.idToken }
        : { token: refreshed.idToken, expiresAt: newExpiry };
    },
  });

  return {
    id: options.id,
    async get(signal?: AbortSignal): Promise<Credentials> {
      const credentials = await inner.get(signal);
      lastGeneration = credentials.generation;
      return credentials;
    },
    invalidate(generation: number): boolean {
      // A rejected id-token that has not expired yet is only worth replacing if we can refresh it.
      if (!config["refresh-token"]) return false;
      if (generation === lastGeneration) forceRefresh = true;
      return inner.invalidate(generation);
    },
  };
}

async function refresh(
  config: Record<string, string>,
  options: OidcCredentialOptions,
  field: (name: string) => string,
): Promise<{ idToken: string; refreshToken?: string }> {
  const issuer = (config["idp-issuer-url"] ?? "").replace(/\/+$/, "");
  let dispatcher = options.dispatcher;
  let owned: Agent | undefined;
  if (
    dispatcher === undefined &&
    (config["idp-certificate-authority-data"] || config["idp-certificate-authority"])
  ) {
    const ca = config["idp-certificate-authority-data"]
      ? decodePemData(
          config["idp-certificate-authority-data"],
          field("idp-certificate-authority-data"),
          options.file,
        )
      : await readReferencedFile(
          config["idp-certificate-authority"] ?? "",
          field("idp-certificate-authority"),
          "OIDC certificate authority",
        );
    owned = new Agent({ connect: { ca } });
    dispatcher = owned;
  }
  const via = dispatcher === undefined ? {} : { dispatcher };
  try {
    let tokenEndpoint: string;
    try {
      const discovery = await request(`${issuer}/.well-known/openid-configuration`, {
        ...via,
        headers: { accept: "application/json" },
      });
      const body = (await discovery.body.json().catch(() => undefined)) as
        { token_endpoint?: unknown } | undefined;
      if (discovery.statusCode !== 200 || typeof body?.token_endpoint !== "string") {
        throw new AuthenticationError(`OIDC discovery at ${issuer} failed (HTTP ${discovery.statusCode})`);
      }
      tokenEndpoint = body.token_endpoint;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`OIDC discovery at ${issuer} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }

    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: config["refresh-token"] ?? "",
    });
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    const clientId = config["client-id"] ?? "";
    const clientSecret = config["client-secret"];
    if (clientSecret) {
      const basic = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
    } else {
      form.set("client_id", clientId);
    }
    if (config["extra-scopes"]) form.set("scope", ["openid", ...config["extra-scopes"].split(",")].join(" "));
    let response: Dispatcher.ResponseData;
    try {
      response = await request(tokenEndpoint, { ...via, method: "POST", headers, body: form.toString() });
    } catch (error) {
      throw new AuthenticationError(`OIDC token refresh at ${issuer} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const body = (await response.body.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.statusCode !== 200) {
      // Only the standard error code is quoted; descriptions and bodies could echo a token.
      const code =
        typeof body?.error === "string" && /^[\w.-]{1,64}$/.test(body.error) ? ` (${body.error})` : "";
      throw new AuthenticationError(
        `OIDC token refresh at ${issuer} was refused: HTTP ${response.statusCode}${code}`,
        {
          suggestions: ["log in to your identity provider again (e.g. `kubectl oidc-login`)"],
        },
      );
    }
    if (typeof body?.id_token !== "string" || body.id_token === "") {
      throw new AuthenticationError(`OIDC token refresh at ${issuer} returned no id_token`);
    }
    return typeof body.refresh_token === "string" && body.refresh_token !== ""
      ? { idToken: body.id_token, refreshToken: body.refresh_token }
      : { idToken: body.id_token };
  } finally {
    await owned?.close();
  }
}
