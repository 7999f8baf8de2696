// Current metric values: the local cluster has no metrics server, so the e2e test sees only <unknown>.
// The expected lines follow kubectl v1.33's describeHorizontalPodAutoscalerV2.
import { describe, expect, it } from "vitest";
import { describeHorizontalPodAutoscaler } from "./hpa.ts";

describe("describeHorizontalPodAutoscaler", () => {
  it("prints each metric's current value against its target, in the metric's own form", () => {
    const text = describeHorizontalPodAutoscaler(
      {
        spec: {
          scaleTargetRef: { kind: "Deployment", name: "web" },
          maxReplicas: 4,
          metrics: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
            },
            { type: "Pods", pods: { metric: { name: "packets" }, target: { averageValue: "1k" } } },
            { type: "External", external: { metric: { name: "queue" }, target: { value: "30" } } },
            { type: "Custom" },
          ],
        },
        status: {
          currentReplicas: 2,
          desiredReplicas: 3,
          currentMetrics: [
            { resource: { current: { averageUtilization: 45, averageValue: "120m" } } },
            { pods: { current: { averageValue: "1500m" } } },
            { external: { current: { value: "12" } } },
          ],
        },
      },
      undefined,
      0,
    );
    expect(text).toMatch(
      /^ {2}resource cpu on pods {2}\(as a percentage of request\): +45% \(120m\) \/ 50%$/m,
    );
    expect(text).toMatch(/^ {2}"packets" on pods: +1500m \/ 1k$/m);
    expect(text).toMatch(/^ {2}"queue" \(target value\): +12 \/ 30$/m);
    expect(text).toMatch(/^ {2}<unknown metric type "Custom">$/m);
    expect(text).toMatch(/^Min replicas: +<unset>$/m);
    expect(text).toMatch(/^Deployment pods: +2 current \/ 3 desired$/m);
  });
});
