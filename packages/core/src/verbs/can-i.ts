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

/** The server's answer to a SelfSubjectAccessReview (`kubectl auth can-i`). */
export interface AccessReviewStatus {
  allowed: boolean;
  /** True when an authorizer denied explicitly (no other authorizer was asked). */
  denied: boolean;
  /** Why, in the authorizer's words (RBAC gives one when allowed: `RBAC: allowed by …`). */
  reason: string;
  /** An authorizer failed while evaluating; `allowed` may then be wrong. */
  evaluationError: string;
}

interface AccessReview {
  status?: Partial<AccessReviewStatus>;
}

/** Implementation of `Api.canI`; see there. */
export async function canI(
  ctx: VerbContext,
  verb: string,
  resource: string,
  options: CanIOptions = {},
): Promise<boolean> {
  return (await accessReview(ctx, verb, resource, options)).allowed;
}

/** Implementation of `Api.accessReview`; see there. */
export async function accessReview(
  ctx: VerbContext,
  verb: string,
  resource: string,
  options: CanIOptions = {},
): Promise<AccessReviewStatus> {
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
  return {
    allowed: body.status?.allowed === true,
    denied: body.status?.denied === true,
    reason: body.status?.reason ?? "",
    evaluationError: body.status?.evaluationError ?? "",
  };
}

/** One rule of a {@link RulesReviewStatus}: what may be done to which resources. */
export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
}

/** One rule of a {@link RulesReviewStatus} for URLs that are not resources (`/healthz`). */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}

/** What the server says you may do in a namespace (a SelfSubjectRulesReview, `kubectl auth can-i --list`). */
export interface RulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when an authorizer cannot list its rules (the list may miss some permissions). */
  incomplete: boolean;
  evaluationError: string;
}

interface RulesReview {
  status?: {
    resourceRules?: Partial<ResourceRule>[] | null;
    nonResourceRules?: Partial<NonResourceRule>[] | null;
    incomplete?: boolean;
    evaluationError?: string;
  };
}

/** Implementation of `Api.rulesReview`; see there. */
export async function rulesReview(
  ctx: VerbContext,
  options: { namespace?: string | undefined; signal?: AbortSignal | undefined } = {},
): Promise<RulesReviewStatus> {
  const { body } = await ctx.transport.request<RulesReview>({
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      spec: { namespace: options.namespace ?? ctx.namespace },
    },
    ...signalOption(options.signal),
  });
  const status = body.status ?? {};
  return {
    resourceRules: (status.resourceRules ?? []).map((rule) => ({
      verbs: rule.verbs ?? [],
      apiGroups: rule.apiGroups ?? [],
      resources: rule.resources ?? [],
      resourceNames: rule.resourceNames ?? [],
    })),
    nonResourceRules: (status.nonResourceRules ?? []).map((rule) => ({
      verbs: rule.verbs ?? [],
      nonResourceURLs: rule.nonResourceURLs ?? [],
    })),
    incomplete: status.incomplete === true,
    evaluationError: status.evaluationError ?? "",
  };
}
