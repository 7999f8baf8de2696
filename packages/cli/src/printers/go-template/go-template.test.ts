import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compileGoTemplate, printGoTemplate, TemplateParseError } from "./index.ts";

/**
 * Cases run through Go's own text/template (Go 1.26, data unmarshalled into `interface{}` as kubectl does,
 * with kubectl's `exists` and `base64decode`): `testdata/reference-runner.go.txt` wrote
 * `testdata/go-reference.json` (`go run main.go go-reference.json` regenerates it from its own inputs).
 * kubectl v1.33.1 (built with Go 1.24.2) prints comparison errors without the two types ("incompatible
 * types for comparison"), where the runner's newer Go names them: the two such expectations were edited to
 * kubectl's words.
 */
interface Reference {
  name: string;
  template: string;
  data: unknown;
  strict?: boolean;
  output: string;
  error?: string;
  phase?: "parse" | "exec";
}

const references = JSON.parse(
  readFileSync(new URL("testdata/go-reference.json", import.meta.url), "utf8"),
) as Reference[];

/** What our engine does with one case, in the reference's shape. */
function run(ref: Reference): Pick<Reference, "output" | "error" | "phase"> {
  try {
    const template = compileGoTemplate(ref.template);
    const { output, error } = template.execute(ref.data, { allowMissingKeys: ref.strict !== true });
    return error === undefined ? { output } : { output, error, phase: "exec" };
  } catch (error) {
    if (error instanceof TemplateParseError) return { output: "", error: error.message, phase: "parse" };
    throw error;
  }
}

describe("Go text/template parity (outputs and errors recorded from Go)", () => {
  test.each(references.map((r) => [r.name, r] as const))("%s", (_name, ref) => {
    const expected: Pick<Reference, "output" | "error" | "phase"> = { output: ref.output };
    if (ref.error !== undefined) {
      expected.error = ref.error;
      if (ref.phase) expected.phase = ref.phase;
    }
    expect(run(ref)).toEqual(expected);
  });
});

describe("printGoTemplate (kubectl's printer around the engine)", () => {
  test("an execution error prints the partial output, then kubectl's debugging text, and returns kubectl's error line", () => {
    const template = compileGoTemplate("A{{.metadata.name}} {{.metadata.x}}");
    const object = { kind: "Namespace", metadata: { name: "default", n: 1000000, f: 1e21, html: "<&>" } };
    expect(printGoTemplate(template, object, false)).toEqual({
      stdout:
        'Adefault Error executing template: template: output:1:31: executing "output" at <.metadata.x>: map has no entry for key "x". Printing more information for debugging the template:\n' +
        "\ttemplate was:\n\t\tA{{.metadata.name}} {{.metadata.x}}\n" +
        '\traw data was:\n\t\t{"kind":"Namespace","metadata":{"f":1e+21,"html":"\\u003c\\u0026\\u003e","n":1000000,"name":"default"}}\n' +
        "\tobject given to template engine was:\n\t\tmap[kind:Namespace metadata:map[f:1e+21 html:<&> n:1000000 name:default]]\n\n",
      error:
        'error executing template "A{{.metadata.name}} {{.metadata.x}}": template: output:1:31: executing "output" at <.metadata.x>: map has no entry for key "x"',
    });
  });

  test("with missing keys allowed the same template prints <no value>", () => {
    const template = compileGoTemplate("{{.metadata.x}}");
    expect(printGoTemplate(template, { metadata: {} }, true)).toEqual({ stdout: "<no value>" });
  });
});

describe("recursion deeper than V8's stack", () => {
  test.each([
    [
      '{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}',
      'output:1:25: executing "x" at <{{template "x" .}}>',
    ],
    [
      '{{define "x"}}a{{template "y" .}}{{end}}{{define "y"}}{{template "x" .}}{{end}}{{template "x" .}}',
      'output:1:65: executing "y" at <{{template "x" .}}>',
    ],
  ])("%s fails with Go's depth error (where Go's stack would stop it), not a RangeError", (text, where) => {
    const { error } = compileGoTemplate(text).execute({}, { allowMissingKeys: true });
    expect(error).toBe(`template: ${where}: exceeded maximum template depth (100000)`);
  });
});
