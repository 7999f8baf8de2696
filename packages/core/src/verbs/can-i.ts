/** `canI`: a SelfSubjectAccessReview, as `kubectl auth can-i` sends it. */
import { UnknownKindError } from "../errors.ts";
import { signalOption, type VerbContext } from "../internal/verb-context.ts";
import { ALL, type NamespaceOption } from "./namespace.ts";

/** Options of `canI`. */
export interface CanIOptions {
  /** A namespace, or `ALL` (every namespace). @default the client's namespace */
  namespace?: NamespaceOption | undefined;
  /** One object's name. */
  name?: string | undefined;
  /** `log`, `exec`, `status`… */
  subresource?: string | undefined;
  signal?: AbortSignal | undefined;
}

interface AccessReview {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/** Implementation of `Api.canI`; see there. */
export async function canI(
  ctx: VerbContext,
  verb: string,
  resource: string,
  options: CanIOptions = {},
): Promise<boolean> {
  const namespace = options.namespace === ALL ? "" : (options.namespace ?? ctx.namespace);
  let spec: Record<string, unknown>;
  if (resource.startsWith("/")) {
    spec = { nonResourceAttributes: { path: resource, verb } };
  } else {
    let group = "";
    let plural = resource;
    if (resource !== "*") {
      try {
        const { info } = await ctx.resolve(resource, options.signal);
        group = info.group;
        plural = info.plural;
      } catch (error) {
        // kubectl warns and asks about the resource as spelled: RBAC rules may name resources the server
        // does not (yet) serve.
        if (!(error instanceof UnknownKindError)) throw error;
        const dot = resource.indexOf(".");
        if (dot > 0) [plural, group] = [resource.slice(0, dot), resource.slice(dot + 1)];
      }
    }
    spec = {
      resourceAttributes: {
        namespace,
        verb,
        group,
        resource: plural,
        ...(options.subresource ? { subresource: options.subresource } : {}),
        ...(options.name ? { name: options.name } : {}),
      },
    };
  }
  const { body } = await ctx.transport.request<AccessReview>({
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec },
    ...signalOption(options.signal),
  });
  return body.status?.allowed === true;
}
