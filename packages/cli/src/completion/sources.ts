/**
 * The live {@link CompletionSources}: the kubeconfig kubectl would read for the line's flags, and the
 * cluster it points at (discovery from core's 6-hour disk cache, names from one list request a type).
 */
import type { Api } from "@kr8s/core";
import { apiOptionsFromFlags, type ConnectionFlagValues } from "../api-options.ts";
import type { CompletionSources } from "./complete.ts";

/**
 * kubectl's completion asks the server with `--request-timeout=5s`; a TAB that waits longer is worse than
 * no candidates.
 */
const REQUEST_TIMEOUT_MS = 5000;

/** Sources for the connection flags already typed; the client is made on first use and closed by `close`. */
export function liveSources(flags: ConnectionFlagValues): CompletionSources & { close(): Promise<void> } {
  let client: Promise<Api> | undefined;
  const k = (): Promise<Api> =>
    (client ??= import("@kr8s/core").then(({ api }) =>
      // No retries: a server that cannot be reached gives no candidates at once.
      api({ ...apiOptionsFromFlags(flags, REQUEST_TIMEOUT_MS), retry: { maxRetries: 0 } }),
    ));
  const kubeconfigNames = async (list: "contexts" | "clusters" | "users"): Promise<string[]> => {
    const { loadKubeConfig } = await import("@kr8s/core");
    const config = await loadKubeConfig(flags.kubeconfig || undefined);
    return [...config[list].keys()].sort();
  };
  const names = async (type: string): Promise<string[]> => {
    const objects = await (await k()).get(type, { raw: true });
    return objects.map((o) => o.metadata?.name ?? "").filter((name) => name !== "");
  };
  return {
    contexts: () => kubeconfigNames("contexts"),
    clusters: () => kubeconfigNames("clusters"),
    users: () => kubeconfigNames("users"),
    namespaces: () => names("namespaces"),
    async resourceTypes() {
      const resources = (await (await k()).apiResources()).filter((r) => r.verbs.includes("get"));
      const { formatApiResources, sortApiResources } = await import("../printers/api-resources.ts");
      return formatApiResources(sortApiResources(resources, "group"), { output: "name", headers: false })
        .split("\n")
        .filter((line) => line !== "");
    },
    async resourceNames(types) {
      // The types as `get` reads them (lists, categories, each kind once); an unknown one refuses them all.
      const [{ parseResourceArgs }, { exactSpelling, resolveRequests }] = await Promise.all([
        import("../resource-args.ts"),
        import("../resource-targets.ts"),
      ]);
      const targets = await resolveRequests(await k(), parseResourceArgs([types]));
      // As kubectl's `get`, a list that fails (forbidden) leaves out its names only.
      const lists = await Promise.allSettled(
        targets.map(({ info }) => names(exactSpelling({ ...info, name: info.plural }))),
      );
      return lists.flatMap((list) => (list.status === "fulfilled" ? list.value : []));
    },
    async close() {
      if (client) await (await client.catch(() => undefined))?.close();
    },
  };
}
