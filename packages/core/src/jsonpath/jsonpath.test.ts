import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { compileJsonPath, relaxedJsonPath } from "./jsonpath.ts";

// The input of kubectl's JSONPath reference page (kubernetes.io/docs/reference/kubectl/jsonpath/).
const docs = {
  kind: "List",
  items: [
    {
      kind: "None",
      metadata: { name: "127.0.0.1", labels: { "kubernetes.io/hostname": "127.0.0.1" } },
      status: { capacity: { cpu: "4" }, addresses: [{ type: "LegacyHostIP", address: "127.0.0.1" }] },
    },
    {
      kind: "None",
      metadata: { name: "127.0.0.2" },
      status: {
        capacity: { cpu: "8" },
        addresses: [
          { type: "LegacyHostIP", address: "127.0.0.2" },
          { type: "another", address: "127.0.0.3" },
        ],
      },
    },
  ],
  users: [
    { name: "myself", user: {} },
    { name: "e2e", user: { username: "admin", password: "secret" } },
  ],
};

const print = (template: string, data: unknown = docs): string => compileJsonPath(template).print(data);

describe("compileJsonPath: the examples of kubectl's JSONPath reference", () => {
  it.each([
    ["text", "kind is {.kind}", "kind is List"],
    ["the current object", "{@.kind}", "List"],
    ["child operator", "{.kind}", "List"],
    ["bracket child operator", "{['kind']}", "List"],
    ["recursive descent", "{..name}", "127.0.0.1 127.0.0.2 myself e2e"],
    ["wildcard", "{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"],
    ["subscript", "{.users[0].name}", "myself"],
    [
      "union of bracketed paths",
      "{.items[*]['metadata.name', 'status.capacity']}",
      '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}',
    ],
    ["filter", '{.users[?(@.name=="e2e")].user.password}', "secret"],
    [
      "range, end",
      "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}",
      '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
    ],
    ["quoted string", "{range .items[*]}{.metadata.name}{'\\t'}{end}", "127.0.0.1\t127.0.0.2\t"],
    ["escaped terminator", "{.items[0].metadata.labels.kubernetes\\.io/hostname}", "127.0.0.1"],
    ["range then text", "{range .items[*]}{.metadata.name}, {end}{.kind}", "127.0.0.1, 127.0.0.2, List"],
    [
      "nested ranges",
      "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}",
      "127.0.0.1, 127.0.0.2, 127.0.0.3, ",
    ],
    ["every address", "{.items[*].status.addresses[*].address}", "127.0.0.1 127.0.0.2 127.0.0.3"],
    [
      "filter on an escaped key",
      '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}',
      "None",
    ],
  ])("%s: %s", (_name, template, expected) => {
    expect(print(template)).toBe(expected);
  });
});

const types = {
  bools: [true, false, true, false],
  integers: [1, 2, 3, 4],
  floats: [1.0, 2.2, 3.3, 4.0],
  strings: ["one", "two", "three", "four"],
  interfaces: [true, "one", 1, 1.1],
  maps: [
    { name: "one", value: 1 },
    { name: "two", value: 2.02 },
  ],
};

describe("compileJsonPath: indexes, slices and how values print (client-go's own table)", () => {
  it.each([
    ["{ .bools }", "[true,false,true,false]"],
    ["{ .bools[0] }", "true"],
    ["{ .bools[-1] }", "false"],
    ["{ .bools[0:2] }", "true false"],
    ["{ .bools[:4:2] }", "true true"],
    ["{ .integers[-2] }", "3"],
    ["{ .integers[:2] }", "1 2"],
    ["{ .floats }", "[1,2.2,3.3,4]"],
    ["{ .floats[-2] }", "3.3"],
    ["{ .strings }", '["one","two","three","four"]'],
    ["{ .strings[-2] }", "three"],
    ["{ .interfaces }", '[true,"one",1,1.1]'],
    ["{ .interfaces[:4:2] }", "true 1"],
    ["{ .maps[0] }", '{"name":"one","value":1}'],
    ["{ .maps[1::2] }", '{"name":"two","value":2.02}'],
  ])("%s prints %s", (template, expected) => {
    expect(print(template, types)).toBe(expected);
  });

  const containers = { spec: { containers: ["fake0", "fake1", "fake2", "fake3"].map((name) => ({ name })) } };
  it.each([
    ["{.spec.containers[0].name}", "fake0"],
    ["{.spec.containers[0:0].name}", ""],
    ["{.spec.containers[0:-1].name}", "fake0 fake1 fake2"],
    ["{.spec.containers[-1].name}", "fake3"],
    ["{.spec.containers[-1:].name}", "fake3"],
    ["{.spec.containers[-2:].name}", "fake2 fake3"],
    ["{.spec.containers[-4].name}", "fake0"],
    ["{.spec.containers[5:5].name}", ""],
    ["{.spec.containers[-5:-5].name}", ""],
    ["{.spec.containers[]}", '{"name":"fake0"}'],
    ["{.spec.containers[0,2].name}", "fake0 fake2"],
  ])("negative indexes and slices: %s is %j", (template, expected) => {
    expect(print(template, containers)).toBe(expected);
  });

  it.each([
    ["{.spec.containers[-5].name}", "array index out of bounds: index -1, length 4"],
    ["{.spec.containers[3:1].name}", "starting index 3 is greater than ending index 1"],
    ["{.spec.containers[-1:-2].name}", "starting index 3 is greater than ending index 2"],
    ["{.spec.containers[1:9]}", "array index out of bounds: index 8, length 4"],
    ["{.spec.containers[::0]}", "step must be > 0"],
    ["{.spec[0]}", "map[string]interface {} is not array or slice"],
    ["{.spec.containers[0].name[0]}", "string is not array or slice"],
  ])("%s fails with %j, naming the offset of the failing step", (template, message) => {
    const run = () => print(template, containers);
    expect(run).toThrow(InvalidArgumentError);
    expect(run).toThrow(message);
    expect(run).toThrow(/failed at offset \d+/);
  });

  it("prints numbers as kubectl does: integers as integers, floats in Go's %v form, null as null", () => {
    const data = { values: [1000000, 1.5, 0.00001, 1234567.5, -3, null, 0.0001, 123456.7] };
    expect(print("{.values[*]}", data)).toBe("1000000 1.5 1e-05 1.2345675e+06 -3 null 0.0001 123456.7");
    expect(print("{1}{2.5}{2.0}{true}", {})).toBe("12.52true");
  });

  it("prints maps as Go's encoding/json does: keys sorted bytewise, <, > and & escaped", () => {
    const data = { m: { b: 1, a: "<&>", "10": true, "9": false, Z: null } };
    expect(print("{.m}", data)).toBe('{"10":true,"9":false,"Z":null,"a":"\\u003c\\u0026\\u003e","b":1}');
    expect(print("{.m.a}", data)).toBe("<&>");
  });
});

describe("compileJsonPath: filters", () => {
  const points = {
    items: [
      { id: "i1", x: 4, y: -5 },
      { id: "i2", x: -2, y: -5, z: 1 },
      { id: "i3", x: 8, y: 3 },
      { id: "i5", x: 0, y: 2, z: 1 },
      { id: "i7", y: 4 },
      { id: "i8", f: 2.5, flag: true },
    ],
  };
  it.each([
    ["{.items[?(@.z)].id}", "i2 i5"],
    ["{.items[?(@.x == 4)].id}", "i1"],
    ["{.items[?(@.id != 'i1')].id}", "i2 i3 i5 i7 i8"],
    ["{.items[?(@.y < 0)].id}", "i1 i2"],
    ["{.items[?(@.y <= 2)].id}", "i1 i2 i5"],
    ["{.items[?(@.y > 2)].id}", "i3 i7"],
    ["{.items[?(@.y >= 3)].id}", "i3 i7"],
    ['{.items[?(@.id=="i3")].x}', "8"],
    ["{.items[?(@.flag==true)].id}", "i8"],
    ["{.items[?(@.f==2.5)].id}", "i8"],
    ["{.items[0]['id']}", "i1"],
    ["{.items[-1]['flag']}", "true"],
  ])("%s → %j", (template, expected) => {
    expect(print(template, points)).toBe(expected);
  });

  it.each([
    ['{.items[?(@.x=="4")].id}', "incompatible types for comparison"],
    ["{.items[?(@.x==4.0)].id}", "incompatible types for comparison"],
    ["{.items[?(@.y>0.5)].id}", "incompatible types for comparison"],
    ["{.items[?(@.x>0)].id}", "invalid type for comparison", { items: [{ x: null }] }],
    ["{.items[?(@.flag<true)].id}", "invalid type for comparison"],
    ["{.items[0].id[?(@.x)]}", "string is not array or slice and cannot be filtered"],
    ["{.items[?(@.*==1)]}", "can only compare one element at a time"],
  ])("%s fails as kubectl does: %j", (template, message, data: unknown = points) => {
    expect(() => print(template, data)).toThrow(message);
  });

  it("skips items without the compared key, or fails on them when missing keys are not allowed", () => {
    const data = {
      items: [{ metadata: { name: "a", annotations: { color: "blue" } } }, { metadata: { name: "b" } }],
    };
    const template = compileJsonPath('{.items[?(@.metadata.annotations.color=="blue")].metadata.name}');
    expect(template.print(data)).toBe("a");
    expect(() => template.print(data, { allowMissingKeys: false })).toThrow("annotations is not found");
  });

  it("parses quotes and parentheses inside a filter's string", () => {
    expect(print('{.items[?(@.v=="a)b")].v}', { items: [{ v: "a)b" }, { v: "c" }] })).toBe("a)b");
  });
});

describe("compileJsonPath: text, ranges, recursion and missing keys", () => {
  it.each([
    ["plain text", "hello jsonpath", {}, "hello jsonpath"],
    ["a quoted brace", '{"{"}', {}, "{"],
    ["a closing brace outside actions is text", "a}b", {}, "a}b"],
    ["Go escapes in strings", '{"a\\tb"}{\'q\'}{"\\u00e9"}{"\\x41"}{"\\101"}{"\\""}', {}, 'a\tbqéAA"'],
    ["recursive descent of a list", "{..}", [1, 2, 3], "[1,2,3]"],
    ["filter on the root", "{[?(@<5)]}", [2, 6, 3, 7], "2 3"],
    ["union on the root", "{[1,3,4]}", [0, 1, 2, 3, 4], "1 3 4"],
    ["a missing key prints nothing", "before-{.hello}after", { a: 1 }, "before-after"],
    ["a key under a string prints nothing", "{.a.b}", { a: "text" }, ""],
    ["$ and @ are the current object", "{$.a}{@.a}", { a: 1 }, "11"],
    ["an empty range prints nothing", "{range .items[*]}{.metadata.name}{end}", { items: [] }, ""],
    ["a range without end runs to the end", "{range .items[*]}{@};", { items: ["a", "b"] }, "a;b;"],
    ["wildcard on a map", "{range .items[*]}{ @.* }|{end}", { items: [{ c: "red", p: 1 }] }, "red 1|"],
    ["wildcard on a string yields its UTF-8 bytes", "{.s.*}", { s: "hé" }, "104 195 169"],
    [
      "recursive descent visits non-empty strings too",
      "{..}",
      { a: "x", b: 1, c: [] },
      '{"a":"x","b":1,"c":[]} x',
    ],
    ["three dots are .. and a field", "{...name}", { a: { name: "n" } }, "n"],
    ["a literal for each current value", "{.items[*] 7}", { items: [1, 2] }, "7 7"],
    ["an empty field name matches nothing", "{.}", { a: 1 }, ""],
  ])("%s: %s", (_name, template, data, expected) => {
    expect(print(template, data)).toBe(expected);
  });

  it("fails on a missing key only when missing keys are not allowed", () => {
    const template = compileJsonPath("{.hello}");
    expect(template.print({})).toBe("");
    expect(() => template.print({}, { allowMissingKeys: false })).toThrow("hello is not found");
  });

  it("returns the raw results of each action, literal and range iteration from execute", () => {
    const data = { items: [{ n: 1 }, { n: 2 }] };
    expect(compileJsonPath("x{range .items[*]}{.n}{end}{.items[*].n}").execute(data)).toEqual([
      ["x"],
      [1],
      [2],
      [1, 2],
    ]);
  });

  it("prints each action as an indented JSON array for jsonpath-as-json", () => {
    const data = { items: [{ name: "a", m: { z: 1, a: [] } }, { name: "b" }] };
    expect(compileJsonPath('{.items[*].name}{"x"}{.missing}').printJSON(data)).toBe(
      '[\n    "a",\n    "b"\n]\n[\n    "x"\n]\n[]\n',
    );
    expect(compileJsonPath("{.items[0].m}").printJSON(data)).toBe(
      '[\n    {\n        "a": [],\n        "z": 1\n    }\n]\n',
    );
  });
});

describe("compileJsonPath: templates kubectl rejects", () => {
  it.each([
    ["{.a", "unclosed action", 3],
    ["{.items[", "unterminated array", 7],
    ['{"abc}', "unterminated quoted string", 1],
    ["{.items[?(@.n==1]}", "unterminated filter", 7],
    ["{....name}", "invalid multiple recursive descent", 3],
    ["{.items[?(@.n==1 && @.b==true)]}", "unrecognized character in action: U+0026 '&'", 17],
    ["{.items[a]}", "invalid array index a", 7],
    ["{.items[1:x]}", "invalid array index 1:x", 7],
    ["{1.2.3}", "cannot parse number 1.2.3", 1],
    ['{"\\q"}', 'invalid escape in quoted string "\\q"', 1],
    ["{foo}", "unrecognized identifier foo", 1],
    ["{end}", "{end} without {range}", 0],
    ["{.items[?(@.n=1)]}", "unrecognized filter operator =", 13],
    ["{.items[?(@.n<>1)]}", "unrecognized filter operator <>", 13],
    ["{.a\t}", "unrecognized character in action: U+0009", 3],
  ])("%j: %s at offset %d", (template, message, offset) => {
    const compile = () => compileJsonPath(template);
    expect(compile).toThrow(InvalidArgumentError);
    expect(compile).toThrow(message);
    expect(compile).toThrow(`at offset ${offset}`);
  });
});

describe("relaxedJsonPath", () => {
  it.each([
    ["metadata.name", "{.metadata.name}"],
    [".metadata.name", "{.metadata.name}"],
    ["{metadata.name}", "{.metadata.name}"],
    ["{.metadata.name}", "{.metadata.name}"],
    ["", ""],
  ])("%j → %j (kubectl's RelaxedJSONPathExpression)", (path, expected) => {
    expect(relaxedJsonPath(path)).toBe(expected);
  });

  it("rejects several actions", () => {
    expect(() => relaxedJsonPath("{.a}{.b}")).toThrow(InvalidArgumentError);
  });
});
