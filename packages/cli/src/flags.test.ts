import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.ts";
import { connectionFlags, parseOutput, requestTimeoutMs, sliceValues } from "./flags.ts";
import { kubectlArgv } from "./kubectl-argv.ts";

describe("requestTimeoutMs (kubectl's --request-timeout, clientcmd.ParseTimeout)", () => {
  it("a bare non-negative integer is seconds", () => {
    expect(requestTimeoutMs("0")).toBe(0);
    expect(requestTimeoutMs("5")).toBe(5000);
    expect(requestTimeoutMs("+2")).toBe(2000);
  });

  it("anything else is a Go duration; a negative one means no limit", () => {
    expect(requestTimeoutMs("1ms")).toBe(1);
    expect(requestTimeoutMs("1m30s")).toBe(90_000);
    expect(requestTimeoutMs("1.5s")).toBe(1500);
    expect(requestTimeoutMs("-1s")).toBe(0);
  });

  it("refuses the rest with kubectl's message", () => {
    for (const value of ["abc", "-1", "1x", "", "1 s"]) {
      const error: unknown = (() => {
        try {
          return requestTimeoutMs(value);
        } catch (e) {
          return e;
        }
      })();
      expect(error, value).toBeInstanceOf(UsageError);
      expect((error as UsageError).render()).toBe(
        "error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n",
      );
    }
  });
});

describe("the global flags in kubectl's syntax", () => {
  it("--insecure-skip-tls-verify takes =true/=false, -s a value, --as-group repeats", () => {
    expect(
      kubectlArgv(
        [
          "--insecure-skip-tls-verify=true",
          "-s",
          "https://h:1",
          "--as-group",
          "a",
          "--as-group=b",
          "--as=x",
          "--as=y",
        ],
        connectionFlags,
        "kr8s get",
      ),
    ).toEqual([
      "--insecure-skip-tls-verify",
      "--server=https://h:1",
      "--as-group=a",
      "--as-group=b",
      "--as=y",
    ]);
    expect(kubectlArgv(["--insecure-skip-tls-verify=false"], connectionFlags, "kr8s get")).toEqual([]);
  });
});

describe("parseOutput", () => {
  it("splits a template format from its argument; json, yaml and name in any case", () => {
    expect(parseOutput("jsonpath={.a}")).toEqual({ format: "jsonpath", argument: "{.a}" });
    expect(parseOutput("JSON")).toEqual({ format: "json", argument: undefined });
    expect(parseOutput("json=x")).toEqual({ format: "json=x", argument: undefined });
  });

  it("with --template, takes the template and leaves -o whole: `go-template=X` then matches no printer", () => {
    expect(parseOutput("go-template", "{{.kind}}")).toEqual({ format: "go-template", argument: "{{.kind}}" });
    expect(parseOutput("go-template={{.a}}", "{{.kind}}")).toEqual({
      format: "go-template={{.a}}",
      argument: "{{.kind}}",
    });
    expect(parseOutput("yaml", "{{.kind}}").format).toBe("yaml");
    expect(parseOutput("jsonpath={.a}", "")).toEqual({ format: "jsonpath", argument: "{.a}" });
  });
});

describe("sliceValues", () => {
  it("is the values kubectlArgv split out (none when the flag was not given)", () => {
    expect(sliceValues(undefined)).toEqual([]);
    expect(sliceValues(["Warning", ""])).toEqual(["Warning", ""]);
  });
});
