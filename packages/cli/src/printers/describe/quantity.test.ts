import { describe, expect, test } from "vitest";
import { addQuantities, formatQuantity, milliValue, parseQuantity, value } from "./quantity.ts";

const sum = (...texts: string[]): string =>
  formatQuantity(texts.map(parseQuantity).reduce((a, b) => addQuantities(a, b)));

describe("quantities (apimachinery's resource.Quantity)", () => {
  test("sums are written in Go's canonical form, in the first one's format", () => {
    expect(sum("100m", "200m")).toBe("300m");
    expect(sum("500m", "500m")).toBe("1");
    expect(sum("1500m")).toBe("1500m");
    expect(sum("64Mi", "128Mi")).toBe("192Mi");
    expect(sum("1Gi", "1Gi")).toBe("2Gi");
    expect(sum("1000")).toBe("1k");
    expect(sum("1.5Gi")).toBe("1536Mi");
    expect(sum("0")).toBe("0");
    expect(sum("512")).toBe("512");
    expect(sum("100Mi", "1")).toBe("104857601");
    expect(sum("1e3")).toBe("1k");
  });

  test("milli-values and values round up, as Go's MilliValue and Value do", () => {
    expect(milliValue(parseQuantity("1k"))).toBe(1_000_000n);
    expect(milliValue(parseQuantity("0.5"))).toBe(500n);
    expect(milliValue(parseQuantity("1n"))).toBe(1n);
    expect(value(parseQuantity("1Ti"))).toBe(1024n ** 4n);
    expect(value(parseQuantity("100m"))).toBe(1n);
  });
});
