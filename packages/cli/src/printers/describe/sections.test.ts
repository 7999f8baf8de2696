import { afterEach, describe, expect, test } from "vitest";
import { rfc1123z } from "./format.ts";
import {
  describeEvents,
  formatLabelSelector,
  printAnnotations,
  printTaints,
  printTolerations,
} from "./sections.ts";
import { tabbedString } from "./writer.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");

describe("sections kubectl's describers share", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  test("times are Go's RFC1123Z in the local time zone", () => {
    process.env.TZ = "UTC";
    expect(rfc1123z("2026-01-02T03:04:05Z")).toBe("Fri, 02 Jan 2026 03:04:05 +0000");
    process.env.TZ = "America/New_York";
    expect(rfc1123z("2026-01-02T03:04:05Z")).toBe("Thu, 01 Jan 2026 22:04:05 -0500");
    process.env.TZ = "Asia/Kolkata";
    expect(rfc1123z("2026-07-02T03:04:05Z")).toBe("Thu, 02 Jul 2026 08:34:05 +0530");
  });

  test("annotations: sorted; long and multi-line values on their own lines, cut at 138 bytes; last-applied left out", () => {
    const text = tabbedString((w) =>
      printAnnotations(w, "Annotations", {
        "z.example.com/short": "v",
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        long: "x".repeat(200),
        multi: "one\ntwo\n",
      }),
    );
    expect(text).toBe(
      [
        "Annotations:  long:",
        `                ${"x".repeat(138)}...`,
        "              multi:",
        "                one",
        "                two",
        "              z.example.com/short: v",
        "",
      ].join("\n"),
    );
  });

  test("taints sorted by effect then key; tolerations sorted by key, with op=Exists and seconds", () => {
    const taints = tabbedString((w) =>
      printTaints(w, "Taints", [
        { key: "b", effect: "NoSchedule" },
        { key: "a", value: "x", effect: "NoSchedule" },
        { key: "c", effect: "NoExecute" },
      ]),
    );
    expect(taints).toBe("Taints:  c:NoExecute\n         a=x:NoSchedule\n         b:NoSchedule\n");
    const tolerations = tabbedString((w) =>
      printTolerations(w, "Tolerations", [
        { key: "z", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { operator: "Exists" },
        { key: "a", operator: "Equal", value: "1", effect: "NoSchedule" },
      ]),
    );
    expect(tolerations).toBe(
      "Tolerations:  op=Exists\n              a=1:NoSchedule\n              z:NoExecute op=Exists for 300s\n",
    );
  });

  test("label selectors as apimachinery writes them", () => {
    expect(
      formatLabelSelector({
        matchLabels: { b: "2" },
        matchExpressions: [
          { key: "a", operator: "In", values: ["y", "x"] },
          { key: "c", operator: "DoesNotExist" },
          { key: "d", operator: "Exists" },
          { key: "e", operator: "NotIn", values: ["z"] },
        ],
      }),
    ).toBe("a in (x,y),b=2,!c,d,e notin (z)");
    expect(formatLabelSelector({})).toBe("<none>");
  });

  test("events: oldest last-seen first, repeated ones as `(xN over AGE)`, From from the source or the reporting controller", () => {
    const text = tabbedString((w) => {
      w.write(0, "Name:\tlong-enough-name\n");
      describeEvents(
        w,
        [
          {
            type: "Warning",
            reason: "BackOff",
            message: "  Back-off restarting  \n",
            count: 3,
            firstTimestamp: "2026-01-01T11:50:00Z",
            lastTimestamp: "2026-01-01T11:59:00Z",
            source: { component: "kubelet" },
          },
          {
            type: "Normal",
            reason: "Scheduled",
            message: "Successfully assigned",
            eventTime: "2026-01-01T11:49:30.000000Z",
            reportingComponent: "default-scheduler",
          },
          {
            type: "Normal",
            reason: "Pulled",
            message: "Pulled",
            eventTime: "2026-01-01T11:58:00.000000Z",
            series: { count: 4, lastObservedTime: "2026-01-01T11:59:30.000000Z" },
            source: { component: "kubelet" },
          },
        ],
        NOW,
      );
    });
    expect(text).toBe(
      [
        "Name:  long-enough-name",
        "Events:",
        "  Type     Reason     Age                From               Message",
        "  ----     ------     ----               ----               -------",
        "  Normal   Scheduled  10m                default-scheduler  Successfully assigned",
        "  Normal   Pulled     30s (x4 over 2m)   kubelet            Pulled",
        "  Warning  BackOff    60s (x3 over 10m)  kubelet            Back-off restarting",
        "",
      ].join("\n"),
    );
    expect(tabbedString((w) => describeEvents(w, [], NOW))).toBe("Events:  <none>\n");
  });
});
