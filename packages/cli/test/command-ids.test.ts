// The bundle sorts oclif's commands in code-unit order instead of with localeCompare, whose first call starts
// ICU's collator (scripts/bundle.ts, oclifEdits): that is the same order only while kr8s's command ids keep
// to characters both orders rank alike. A command whose id broke that would fail here, not reorder silently.
import { globSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const commandsDir = fileURLToPath(new URL("../src/commands/", import.meta.url));

it("kr8s's command ids sort the same by code unit as by localeCompare", () => {
  const ids = globSync("**/*.ts", { cwd: commandsDir })
    .filter((file) => !file.endsWith(".test.ts"))
    .map((file) => file.replace(/\.ts$/, "").split("/").join(":"));
  expect(ids).toEqual(expect.arrayContaining(["get", "auth:can-i", "config:view", "api-resources"]));
  const byCodeUnit = ids.toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  expect(byCodeUnit).toEqual(ids.toSorted((a, b) => a.localeCompare(b)));
});
