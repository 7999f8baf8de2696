import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.ts";
import { type ArgvFlag, kubectlArgv } from "./kubectl-argv.ts";

/** A command's flags shaped like get's: booleans with and without a short char or `--no-`, values, lists. */
const flags: Record<string, ArgvFlag> = {
  "all-namespaces": { type: "boolean", char: "A" },
  watch: { type: "boolean", char: "w" },
  "no-headers": { type: "boolean" },
  "show-events": { type: "boolean", allowNo: true },
  namespace: { type: "option", char: "n" },
  output: { type: "option", char: "o" },
  selector: { type: "option", char: "l" },
  filename: { type: "option", char: "f", multiple: true },
  "label-columns": { type: "option", char: "L", multiple: true, delimiter: "," },
  v: { type: "option", char: "v" },
};

const rewrite = (argv: string[]) => kubectlArgv(argv, flags, "kr8s get");

describe("kubectlArgv (pflag's reading of a command line, for oclif)", () => {
  it.for([
    // A boolean's value after `=`, in Go's strconv.ParseBool spellings.
    [
      ["po", "--no-headers=true"],
      ["po", "--no-headers"],
    ],
    [["po", "--no-headers=false"], ["po"]],
    [["po", "--all-namespaces=false"], ["po"]],
    [["po", "-A=false"], ["po"]],
    [
      ["po", "-A=true"],
      ["po", "--all-namespaces"],
    ],
    [
      ["po", "-A"],
      ["po", "--all-namespaces"],
    ],
    [
      ["--watch=1", "--no-headers=T", "-A=TRUE", "po"],
      ["--watch", "--no-headers", "--all-namespaces", "po"],
    ],
    [["--watch=0", "--no-headers=f", "-A=False", "po"], ["po"]],
    [["--show-events=false"], ["--no-show-events"]],
    [["--show-events=t"], ["--show-events"]],
    // `--flag value` gives a boolean no value (pflag): `true` stays an argument.
    [
      ["--no-headers", "true"],
      ["--no-headers", "true"],
    ],
    // The last of a flag given twice wins; its earlier occurrences go.
    [
      ["po", "-n", "a", "-o", "name", "-n", "b"],
      ["po", "--output=name", "--namespace=b"],
    ],
    [["-o", "wide", "-o", "name"], ["--output=name"]],
    [["-l", "a", "--selector=b", "-lc"], ["--selector=c"]],
    [["-v", "6", "-v=7"], ["--v=7"]],
    [["--no-headers=true", "--no-headers=false"], []],
    [["-A=false", "-A"], ["--all-namespaces"]],
    [["--show-events", "--no-show-events"], ["--no-show-events"]],
    [["--no-show-events", "--show-events=1"], ["--show-events"]],
    // Flags that take several values keep each one.
    [
      ["-f", "a.yaml", "--filename=b.yaml", "-fc.yaml"],
      ["--filename=a.yaml", "--filename=b.yaml", "--filename=c.yaml"],
    ],
    // pflag's value forms, and a value that looks like a flag.
    [
      ["-nX", "po"],
      ["--namespace=X", "po"],
    ],
    [
      ["-n=X", "po"],
      ["--namespace=X", "po"],
    ],
    [["-oname"], ["--output=name"]],
    // pflag: `-o=` is the value `=` (a printer no format matches), not an empty value.
    [["-o="], ["--output=="]],
    [["-l", "-n"], ["--selector=-n"]],
    [["-o", "jsonpath={.a=b}"], ["--output=jsonpath={.a=b}"]],
    // `-` is an argument (stdin), not a flag.
    [
      ["-f", "-", "-"],
      ["--filename=-", "-"],
    ],
    // After `--`, nothing is a flag.
    [
      ["-n", "a", "--", "-n", "b", "--watch=false"],
      ["--namespace=a", "--", "-n", "b", "--watch=false"],
    ],
    // oclif's to read or refuse: unknown flags, `-Aw`, help, a flag without its value.
    [
      ["--bogus=1", "-x", "-Aw", "-h", "--help"],
      ["--bogus=1", "-x", "-Aw", "-h", "--help"],
    ],
    [
      ["po", "-n"],
      ["po", "-n"],
    ],
    [
      ["po", "-n", "a", "-n"],
      ["po", "-n"],
    ],
  ] as const)("%j → %j", ([argv, expected]) => {
    expect(rewrite([...argv])).toEqual(expected);
  });

  it.for([
    ["--no-headers=maybe", "--no-headers", "maybe"],
    ["--watch=yes", "-w, --watch", "yes"],
    ["-A=2", "-A, --all-namespaces", "2"],
    ["--watch=", "-w, --watch", ""],
  ] as const)("refuses %s as kubectl does", ([token, label, value]) => {
    let thrown: unknown;
    try {
      rewrite(["po", token]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).render()).toBe(
      `error: invalid argument "${value}" for "${label}" flag: strconv.ParseBool: parsing "${value}": invalid syntax\n` +
        "See 'kr8s get --help' for usage.\n",
    );
  });
});

// Go's encoding/csv as pflag's StringSlice reads each value (checked with kubectl v1.33's -L and
// config set-credentials --exec-arg).
describe("kubectlArgv: a StringSlice's values as pflag's CSV reading splits them", () => {
  it.for([
    [
      ["-L", "a,b"],
      ["--label-columns=a", "--label-columns=b"],
    ],
    [
      ["-L=a,b", "-L", "c"],
      ["--label-columns=a", "--label-columns=b", "--label-columns=c"],
    ],
    [
      ["--label-columns", "a, b"],
      ["--label-columns=a", "--label-columns= b"],
    ],
    [
      ["-L", '"a,b",c'],
      ["--label-columns=a,b", "--label-columns=c"],
    ],
    [["-L", '"say ""hi"""'], ['--label-columns=say "hi"']],
    [
      ["-L", "a,,b"],
      ["--label-columns=a", "--label-columns=", "--label-columns=b"],
    ],
    [
      ["-L", "a,"],
      ["--label-columns=a", "--label-columns="],
    ],
    [["-L", ""], []],
    [["-L", "a\nb"], ["--label-columns=a"]],
  ] as [string[], string[]][])("%j → %j", ([argv, expected], { expect }) => {
    expect(rewrite(argv)).toEqual(expected);
  });

  it.for([
    ['a"b', 'parse error on line 1, column 2: bare " in non-quoted-field'],
    ['"a,b', 'parse error on line 1, column 5: extraneous or missing " in quoted-field'],
    ['"a"x', 'parse error on line 1, column 3: extraneous or missing " in quoted-field'],
  ] as [string, string][])("%j is refused in pflag's words", ([value, problem], { expect }) => {
    const error = (() => {
      try {
        rewrite(["-L", value]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).render()).toBe(
      `error: invalid argument ${JSON.stringify(value)} for "-L, --label-columns" flag: ${problem}\nSee 'kr8s get --help' for usage.\n`,
    );
  });
});
