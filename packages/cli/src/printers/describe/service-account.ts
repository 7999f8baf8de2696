/** `kubectl describe serviceaccount` (kubectl's `ServiceAccountDescriber`, v1.33). */
import { describeEvents, printObjectHeader } from "./sections.ts";
import type { DescribedEvent, Described } from "./types.ts";
import { tabbedString } from "./writer.ts";

export interface ServiceAccount extends Described {
  imagePullSecrets?: { name?: string }[];
  secrets?: { name?: string }[];
}

/** A Secret of the namespace, as the describer reads it to find the account's tokens. */
export interface NamespaceSecret extends Described {
  type?: string;
}

/** kubectl's column of the secret lists: the headers padded to one width, continuation lines blank. */
const EMPTY_HEADER = " ".repeat(19);

/**
 * A service account: its image pull secrets, mountable secrets and legacy token Secrets (those of type
 * `kubernetes.io/service-account-token` annotated with its name and uid). `secrets` is the namespace's
 * Secrets, undefined when they could not be listed: then no token is shown and no name is marked
 * `(not found)`, as in kubectl. `events` undefined: `--show-events=false`.
 */
export function describeServiceAccount(
  account: ServiceAccount,
  secrets: readonly NamespaceSecret[] | undefined,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = account.metadata ?? {};
  const existing = new Set((secrets ?? []).map((s) => s.metadata?.name ?? ""));
  const tokens = (secrets ?? []).filter(
    (s) =>
      s.type === "kubernetes.io/service-account-token" &&
      s.metadata?.annotations?.["kubernetes.io/service-account.name"] === meta.name &&
      s.metadata?.annotations?.["kubernetes.io/service-account.uid"] === (meta.uid ?? ""),
  );
  const names = (list: { name?: string }[] | undefined): string[] => (list ?? []).map((s) => s.name ?? "");
  const pull = names(account.imagePullSecrets);
  const mount = names(account.secrets);
  const missing = new Set(
    secrets === undefined ? [] : [...mount, ...pull].filter((name) => !existing.has(name)),
  );
  const lists: [string, string[]][] = [
    ["Image pull secrets:", pull],
    ["Mountable secrets: ", mount],
    ["Tokens:            ", tokens.map((s) => s.metadata?.name ?? "")],
  ];
  return tabbedString((w) => {
    printObjectHeader(w, meta);
    for (const [header, list] of lists) {
      if (list.length === 0) w.write(0, `${header}\t<none>\n`);
      list.forEach((name, i) =>
        w.write(0, `${i === 0 ? header : EMPTY_HEADER}\t${name}${missing.has(name) ? " (not found)" : ""}\n`),
      );
    }
    if (events) describeEvents(w, events, now);
  });
}
