import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import type { KubeObject } from "./api-object.ts";
import { conditionHolds, parseWaitCondition } from "./wait.ts";

const present = (object: KubeObject) => ({ object, listed: true });
const gone = { object: undefined, listed: true };
const notListedYet = { object: undefined, listed: false };

describe("parseWaitCondition: kubectl's --for grammar", () => {
  it.each([
    ["delete", { type: "delete" }],
    ["DELETE", { type: "delete" }],
    ["create", { type: "create" }],
    ["condition=Ready", { type: "condition", name: "Ready", status: "true" }],
    ["condition=Ready=False", { type: "condition", name: "Ready", status: "False" }],
    [
      "condition=example.com/Synced=unknown",
      { type: "condition", name: "example.com/Synced", status: "unknown" },
    ],
    ["jsonpath={.status.phase}=Running", { type: "jsonpath", template: "{.status.phase}", value: "Running" }],
    [
      "jsonpath='{.status.phase}'=Running",
      { type: "jsonpath", template: "{.status.phase}", value: "Running" },
    ],
    [
      'jsonpath="{.status.phase}"="Running"',
      { type: "jsonpath", template: "{.status.phase}", value: "Running" },
    ],
    [
      "jsonpath={.status.phase}='Running'",
      { type: "jsonpath", template: "{.status.phase}", value: "Running" },
    ],
    ["jsonpath=.status.phase=Running", { type: "jsonpath", template: "{.status.phase}", value: "Running" }],
    ["jsonpath=status.phase=Running", { type: "jsonpath", template: "{.status.phase}", value: "Running" }],
    [
      "jsonpath={.status.readyReplicas}",
      { type: "jsonpath", template: "{.status.readyReplicas}", value: undefined },
    ],
    [
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True',
      { type: "jsonpath", template: '{.status.conditions[?(@.type=="Ready")].status}', value: "True" },
    ],
    [
      'jsonpath={.items[?(@.x!="a")].y}=b',
      { type: "jsonpath", template: '{.items[?(@.x!="a")].y}', value: "b" },
    ],
    [
      'jsonpath=.items[?(@.n=="a)]=")].v=c',
      { type: "jsonpath", template: '{.items[?(@.n=="a)]=")].v}', value: "c" },
    ],
    ["jsonpath={.items[?(@.n>=2)].y}=3", { type: "jsonpath", template: "{.items[?(@.n>=2)].y}", value: "3" }],
    [
      "jsonpath={.metadata.annotations.a}=x=y",
      { type: "jsonpath", template: "{.metadata.annotations.a}", value: "x=y" },
    ],
  ])("%s", (text, expected) => {
    expect(parseWaitCondition(text)).toMatchObject({ ...expected, text });
  });

  it.each([
    ["ready", "conditions are `delete`"],
    ["condition=", "needs a type"],
    ["condition=Ready=", "needs a type"],
    ["jsonpath=", "the JSONPath expression is empty"],
    ["jsonpath={.status.phase}=", "a value must follow `=`"],
    ["jsonpath='{.status.phase}", "closing ' is missing"],
    ["jsonpath={.a}{.b}=x", "unexpected path string"],
    ["jsonpath={.items[}=x", "unexpected path string"],
    ["jsonpath={.items[?(@.a=1)]}=x", "unrecognized filter operator ="],
  ])("%s is refused: %s", (text, message) => {
    const parse = () => parseWaitCondition(text);
    expect(parse).toThrow(InvalidArgumentError);
    expect(parse).toThrow(message);
  });
});

describe("conditionHolds: how kubectl judges one state", () => {
  const pod = (status: unknown, metadata: KubeObject["metadata"] = {}): KubeObject => ({
    kind: "Pod",
    metadata: { name: "p", uid: "u1", ...metadata },
    status,
  });

  it("condition: type and status compared case-insensitively, default value true", () => {
    const ready = pod({ conditions: [{ type: "Ready", status: "True" }] });
    expect(conditionHolds(parseWaitCondition("condition=Ready"), present(ready), undefined)).toBe(true);
    expect(conditionHolds(parseWaitCondition("condition=ready=TRUE"), present(ready), undefined)).toBe(true);
    expect(conditionHolds(parseWaitCondition("condition=Ready=False"), present(ready), undefined)).toBe(
      false,
    );
    expect(conditionHolds(parseWaitCondition("condition=Initialized"), present(ready), undefined)).toBe(
      false,
    );
    expect(conditionHolds(parseWaitCondition("condition=Ready"), present(pod({})), undefined)).toBe(false);
  });

  it("condition: one reported for an older generation does not count (observedGeneration behind generation)", () => {
    const stale = pod(
      { conditions: [{ type: "Available", status: "True", observedGeneration: 1 }] },
      { generation: 2 },
    );
    const staleStatus = pod(
      { observedGeneration: 1, conditions: [{ type: "Available", status: "True" }] },
      { generation: 2 },
    );
    const current = pod(
      { conditions: [{ type: "Available", status: "True", observedGeneration: 2 }] },
      { generation: 2 },
    );
    const available = parseWaitCondition("condition=Available");
    expect(conditionHolds(available, present(stale), undefined)).toBe(false);
    expect(conditionHolds(available, present(staleStatus), undefined)).toBe(false);
    expect(conditionHolds(available, present(current), undefined)).toBe(true);
  });

  it("jsonpath: values compare as kubectl prints them, so the integer 1 matches 1, and spaces around are trimmed", () => {
    const deployment: KubeObject = {
      spec: { replicas: 1, paused: false, ratio: 1.5 },
      metadata: { name: "d" },
    };
    const holds = (text: string) => conditionHolds(parseWaitCondition(text), present(deployment), undefined);
    expect(holds("jsonpath={.spec.replicas}=1")).toBe(true);
    expect(holds("jsonpath={.spec.replicas}='1'")).toBe(true);
    expect(holds("jsonpath={.spec.replicas}= 1 ")).toBe(true);
    expect(holds("jsonpath={.spec.replicas}=2")).toBe(false);
    expect(holds("jsonpath={.spec.paused}=false")).toBe(true);
    expect(holds("jsonpath={.spec.ratio}=1.5")).toBe(true);
    expect(holds("jsonpath={.metadata.name}=D")).toBe(false);
  });

  it("jsonpath: an absent field (or an index past the end) is not met yet; without a value, presence is enough", () => {
    const pending = pod({ phase: "Pending", containerStatuses: [] });
    expect(
      conditionHolds(parseWaitCondition("jsonpath={.status.hostIP}=x"), present(pending), undefined),
    ).toBe(false);
    expect(conditionHolds(parseWaitCondition("jsonpath={.status.hostIP}"), present(pending), undefined)).toBe(
      false,
    );
    expect(conditionHolds(parseWaitCondition("jsonpath={.status.phase}"), present(pending), undefined)).toBe(
      true,
    );
    const first = parseWaitCondition("jsonpath={.status.containerStatuses[0].ready}=true");
    expect(conditionHolds(first, present(pending), undefined)).toBe(false);
  });

  it("jsonpath: a filter with == selects the value to compare", () => {
    const ready = pod({
      conditions: [
        { type: "Initialized", status: "True" },
        { type: "Ready", status: "False" },
      ],
    });
    const text = 'jsonpath={.status.conditions[?(@.type=="Ready")].status}=False';
    expect(conditionHolds(parseWaitCondition(text), present(ready), undefined)).toBe(true);
  });

  it("jsonpath: several values or a map cannot be compared (kubectl's errors)", () => {
    const two = pod({
      conditions: [
        { type: "A", status: "True" },
        { type: "B", status: "True" },
      ],
    });
    expect(() =>
      conditionHolds(
        parseWaitCondition("jsonpath={.status.conditions[*].status}=True"),
        present(two),
        undefined,
      ),
    ).toThrow("matches more than one value");
    expect(() => conditionHolds(parseWaitCondition("jsonpath={.status}=x"), present(two), undefined)).toThrow(
      "nested object or list",
    );
    // Without a value, any match will do: kubectl checks only that there is one.
    expect(conditionHolds(parseWaitCondition("jsonpath={.status}"), present(two), undefined)).toBe(true);
  });

  it("delete: gone once listed without the object, or when the name now belongs to another UID", () => {
    const del = parseWaitCondition("delete");
    expect(conditionHolds(del, gone, "u1")).toBe(true);
    expect(conditionHolds(del, notListedYet, "u1")).toBe(false);
    expect(conditionHolds(del, present(pod({})), "u1")).toBe(false);
    expect(conditionHolds(del, present(pod({}, { uid: "u2" })), "u1")).toBe(true);
    expect(conditionHolds(del, present(pod({})), undefined)).toBe(false);
  });

  it("create: the object exists", () => {
    const create = parseWaitCondition("create");
    expect(conditionHolds(create, present(pod({})), undefined)).toBe(true);
    expect(conditionHolds(create, gone, undefined)).toBe(false);
  });
});
