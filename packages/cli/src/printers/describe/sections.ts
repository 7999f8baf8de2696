/**
 * The sections every describer shares (k8s.io/kubectl/pkg/describe/describe.go, v1.32): labels,
 * annotations, taints, tolerations, label selectors and the Events table.
 */
import { humanDuration } from "../duration.ts";
import { rfc1123z } from "./format.ts";
import type { DescribedEvent, LabelSelector, StringMap, Taint, Toleration } from "./types.ts";
import type { DescribeWriter } from "./writer.ts";

/** kubectl hides this annotation: it repeats the whole object. */
const SKIPPED_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);

/** Longer annotations (key, value and `: `) are printed on their own lines, each cut at 138 characters. */
const MAX_ANNOTATION_LENGTH = 140;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Keys in Go's byte order. */
export function sortedKeys(map: StringMap | undefined): string[] {
  return Object.keys(map ?? {}).sort(byString);
}

/**
 * kubectl's `printLabelsMultilineWithIndent`: `Title:` then one `key=value` per line, aligned, or `<none>`.
 * `initialIndent` prefixes the title and each continuation line (the pod template's `  `).
 */
export function printLabels(
  w: DescribeWriter,
  title: string,
  labels: StringMap | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, `${initialIndent}${innerIndent}`);
    w.write(0, `${key}=${labels?.[key] ?? ""}\n`);
  });
}

/** Go's byte-length `len`, which kubectl compares annotation lengths with. */
function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** kubectl's `shorten`: the first `max` bytes and `...`. */
function shorten(text: string, max: number): string {
  const bytes = Buffer.from(text, "utf8");
  return bytes.length > max ? `${bytes.subarray(0, max).toString("utf8")}...` : text;
}

/**
 * kubectl's `printAnnotationsMultiline`: `key: value` per line, sorted; a long or multi-line value on its
 * own indented lines. The last-applied-configuration annotation is left out.
 */
export function printAnnotations(w: DescribeWriter, title: string, annotations: StringMap | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((key) => !SKIPPED_ANNOTATIONS.has(key));
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, indent);
    const raw = annotations?.[key] ?? "";
    const value = raw.endsWith("\n") ? raw.slice(0, -1) : raw;
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LENGTH || value.includes("\n")) {
      w.write(0, `${key}:\n`);
      for (const line of value.split("\n"))
        w.write(0, `${indent}  ${shorten(line, MAX_ANNOTATION_LENGTH - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

/** The lines most describers start with: `Name:`, `Namespace:`, `Labels:` and `Annotations:`. */
export function printObjectHeader(
  w: DescribeWriter,
  metadata: { name?: string; namespace?: string; labels?: StringMap; annotations?: StringMap } | undefined,
): void {
  w.write(0, `Name:\t${metadata?.name ?? ""}\n`);
  w.write(0, `Namespace:\t${metadata?.namespace ?? ""}\n`);
  printLabels(w, "Labels", metadata?.labels);
  printAnnotations(w, "Annotations", metadata?.annotations);
}

/** core/v1 `Taint.ToString()`: `key=value:Effect`, `key:Effect`. */
export function taintString(taint: Taint): string {
  const value = taint.value ? `=${taint.value}` : "";
  return `${taint.key}${value}:${taint.effect}`;
}

/** kubectl's `printTaintsMultilineWithIndent`: sorted by effect then key. */
export function printTaints(w: DescribeWriter, title: string, taints: readonly Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...taints].sort((a, b) => byString(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  sorted.forEach((taint, i) => {
    if (i !== 0) w.write(0, "\t");
    w.write(0, `${taintString(taint)}\n`);
  });
}

/** kubectl's `printTolerationsMultilineWithIndent`: `key=value:Effect op=Exists for 300s`, sorted by key. */
export function printTolerations(
  w: DescribeWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
  initialIndent = "",
): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...tolerations].sort((a, b) => byString(a.key ?? "", b.key ?? ""));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    let text = t.key ?? "";
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) text += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${text}\n`);
  });
}

/**
 * A label selector as apimachinery's `Selector.String()`: requirements sorted by key, `k=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`. Empty: `""`.
 */
export function selectorString(selector: LabelSelector | undefined): string {
  const requirements: { key: string; text: string }[] = [];
  for (const key of sortedKeys(selector?.matchLabels))
    requirements.push({ key, text: `${key}=${selector?.matchLabels?.[key] ?? ""}` });
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const list = `(${[...values].sort(byString).join(",")})`;
    const text =
      operator === "In"
        ? `${key} in ${list}`
        : operator === "NotIn"
          ? `${key} notin ${list}`
          : operator === "Exists"
            ? key
            : `!${key}`;
    requirements.push({ key, text });
  }
  return requirements
    .sort((a, b) => byString(a.key, b.key))
    .map((r) => r.text)
    .join(",");
}

/** apimachinery's `FormatLabelSelector`: the selector, or `<none>` when it selects everything. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  return text === "" ? "<none>" : text;
}

function since(timestamp: string | null | undefined, now: number): string {
  return timestamp ? humanDuration(now - Date.parse(timestamp)) : "<unknown>";
}

/**
 * kubectl's `DescribeEvents`: `Events:  <none>`, or a table (aligned on its own) of Type, Reason, Age
 * (`5m (x3 over 10m)` for repeated events), From and Message, oldest last-seen first. `now` in ms since
 * the epoch.
 */
export function describeEvents(w: DescribeWriter, events: readonly DescribedEvent[], now: number): void {
  if (events.length === 0) {
    w.write(0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  // kubectl sorts by lastTimestamp alone (zero for events.k8s.io events); Go's sort of short lists is
  // an insertion sort, which keeps ties in the server's order, as this stable sort does.
  const sorted = [...events].sort(
    (a, b) =>
      (a.lastTimestamp ? Date.parse(a.lastTimestamp) : 0) -
      (b.lastTimestamp ? Date.parse(b.lastTimestamp) : 0),
  );
  w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    const interval = e.series
      ? `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`
      : (e.count ?? 0) > 1
        ? `${since(e.lastTimestamp, now)} (x${e.count ?? 0} over ${first})`
        : first;
    const source = e.source?.component || e.reportingComponent || "";
    w.write(1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${(e.message ?? "").trim()}\n`);
  }
}

/**
 * The `Conditions:` table of kubectl's workload describers (deployment, replica set, replication
 * controller): type, status and reason; nothing when there are none.
 */
export function printWorkloadConditions(
  w: DescribeWriter,
  conditions: readonly { type?: string; status?: string; reason?: string }[] | undefined,
): void {
  if (!conditions?.length) return;
  w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(1, "----\t------\t------\n");
  for (const c of conditions) w.write(1, `${c.type ?? ""} \t${c.status ?? ""}\t${c.reason ?? ""}\n`);
}

/** A condition with its transition time (namespaces, service CIDRs). */
export interface TransitionCondition {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/**
 * The rows of kubectl's `Type Status LastTransitionTime Reason Message` conditions table, under the
 * header lines the describer writes itself (`title`, e.g. `Conditions:\n`).
 */
export function printTransitionConditions(
  w: DescribeWriter,
  title: string,
  conditions: readonly TransitionCondition[] | undefined,
): void {
  if (!conditions?.length) return;
  w.write(0, title);
  w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
  w.write(1, "----\t------\t------------------\t------\t-------\n");
  for (const c of conditions)
    w.write(
      1,
      `${c.type ?? ""}\t${c.status ?? ""}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
    );
}
