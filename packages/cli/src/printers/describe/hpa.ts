/**
 * `kubectl describe horizontalpodautoscaler` (kubectl's `HorizontalPodAutoscalerDescriber` on
 * autoscaling/v2, v1.33): each metric's current value against its target, bounds, behavior, conditions.
 */
import { goQuote, rfc1123z } from "./format.ts";
import { quantityString } from "./quantity.ts";
import { describeEvents, printAnnotations, printLabels } from "./sections.ts";
import type { DescribedEvent, Described } from "./types.ts";
import { tabbedString, type DescribeWriter } from "./writer.ts";

interface MetricTarget {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricValue {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
  pods?: { metric?: { name?: string }; target?: MetricTarget };
  object?: {
    metric?: { name?: string };
    describedObject?: { kind?: string; name?: string };
    target?: MetricTarget;
  };
  external?: { metric?: { name?: string }; target?: MetricTarget };
}

type MetricStatus = {
  [K in "resource" | "containerResource" | "pods" | "object" | "external"]?: { current?: MetricValue };
};

interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: { type?: string; value?: number; periodSeconds?: number }[];
}

export interface HorizontalPodAutoscaler extends Described {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    behavior?: { scaleUp?: ScalingRules; scaleDown?: ScalingRules };
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricStatus[];
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  };
}

/** A quantity as Go's `(*Quantity).String()`: `<nil>` when absent. */
function quantity(text: string | undefined): string {
  return text === undefined ? "<nil>" : quantityString(text);
}

/** One metric's line (kubectl's switch on its type): `"name" on pods:  current / target`. */
function describeMetric(w: DescribeWriter, metric: MetricSpec, status: MetricStatus | undefined): void {
  const unknown = "<unknown>";
  switch (metric.type ?? "") {
    case "External": {
      const name = goQuote(metric.external?.metric?.name ?? "");
      const target = metric.external?.target;
      const current = status?.external?.current;
      if (target?.averageValue !== undefined) {
        const now = current?.averageValue === undefined ? unknown : quantity(current.averageValue);
        w.write(1, `${name} (target average value):\t${now} / ${quantity(target.averageValue)}\n`);
      } else {
        const now = status?.external ? quantity(current?.value) : unknown;
        w.write(1, `${name} (target value):\t${now} / ${quantity(target?.value)}\n`);
      }
      return;
    }
    case "Pods": {
      const now = status?.pods ? quantity(status.pods.current?.averageValue) : unknown;
      const name = goQuote(metric.pods?.metric?.name ?? "");
      w.write(1, `${name} on pods:\t${now} / ${quantity(metric.pods?.target?.averageValue)}\n`);
      return;
    }
    case "Object": {
      const o = metric.object;
      w.write(
        1,
        `"${o?.metric?.name ?? ""}" on ${o?.describedObject?.kind ?? ""}/${o?.describedObject?.name ?? ""} `,
      );
      if (o?.target?.type === "AverageValue") {
        const now = status?.object ? quantity(status.object.current?.averageValue) : unknown;
        w.write(0, `(target average value):\t${now} / ${quantity(o.target.averageValue)}\n`);
      } else {
        const now = status?.object ? quantity(status.object.current?.value) : unknown;
        w.write(0, `(target value):\t${now} / ${quantity(o?.target?.value)}\n`);
      }
      return;
    }
    case "Resource":
    case "ContainerResource": {
      const container = metric.type === "ContainerResource";
      const source = container ? metric.containerResource : metric.resource;
      const current = (container ? status?.containerResource : status?.resource)?.current;
      const read = container ? status?.containerResource : status?.resource;
      w.write(
        1,
        container
          ? `resource ${source?.name ?? ""} of container "${metric.containerResource?.container ?? ""}" on pods`
          : `resource ${source?.name ?? ""} on pods`,
      );
      if (source?.target?.averageValue !== undefined) {
        const now = read ? quantity(current?.averageValue) : unknown;
        w.write(0, `:\t${now} / ${quantity(source.target.averageValue)}\n`);
      } else {
        const utilization = current?.averageUtilization;
        const now =
          read && utilization !== undefined
            ? `${utilization}% (${quantity(current?.averageValue)})`
            : unknown;
        const target =
          source?.target?.averageUtilization === undefined
            ? "<auto>"
            : `${source.target.averageUtilization}%`;
        w.write(1, `(as a percentage of request):\t${now} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(1, `<unknown metric type ${goQuote(metric.type ?? "")}>\n`);
  }
}

/** kubectl's `printDirectionBehavior`: a direction's window, select policy and policies. */
function describeBehavior(w: DescribeWriter, direction: string, rules: ScalingRules | undefined): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? "Max"}\n`);
    w.write(2, "Policies:\n");
    for (const p of rules.policies)
      w.write(
        3,
        `- Type: ${p.type ?? ""}\tValue: ${p.value ?? 0}\tPeriod: ${p.periodSeconds ?? 0} seconds\n`,
      );
  }
}

/** A horizontal pod autoscaler: target, metrics (current / target), bounds, behavior, replicas, conditions. */
export function describeHorizontalPodAutoscaler(
  hpa: HorizontalPodAutoscaler,
  events: readonly DescribedEvent[] | undefined,
  now: number,
): string {
  const meta = hpa.metadata ?? {};
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${meta.name ?? ""}\n`);
    w.write(0, `Namespace:\t${meta.namespace ?? ""}\n`);
    printLabels(w, "Labels", meta.labels);
    printAnnotations(w, "Annotations", meta.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ""}/${spec.scaleTargetRef?.name ?? ""}\n`);
    w.write(0, "Metrics:\t( current / target )\n");
    (spec.metrics ?? []).forEach((metric, i) => describeMetric(w, metric, status.currentMetrics?.[i]));
    w.write(0, `Min replicas:\t${spec.minReplicas ?? "<unset>"}\n`);
    w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(0, "Behavior:\n");
      describeBehavior(w, "Scale Up", spec.behavior.scaleUp);
      describeBehavior(w, "Scale Down", spec.behavior.scaleDown);
    }
    w.write(
      0,
      `${spec.scaleTargetRef?.kind ?? ""} pods:\t${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`,
    );
    if (status.conditions?.length) {
      w.write(0, "Conditions:\n");
      w.write(1, "Type\tStatus\tReason\tMessage\n");
      w.write(1, "----\t------\t------\t-------\n");
      for (const c of status.conditions)
        w.write(1, `${c.type ?? ""}\t${c.status ?? ""}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}
