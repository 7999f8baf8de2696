// kubectl never reads a command's arguments from stdin (only `-f -` reads it). oclif does, for the first
// missing argument, unless the argument says `ignoreStdin`: every argument of every command must.
import { globSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const commandsDir = fileURLToPath(new URL("../src/commands/", import.meta.url));

it("no argument of any command is read from stdin", async () => {
  const files = globSync("**/*.ts", { cwd: commandsDir }).filter((file) => !file.endsWith(".test.ts"));
  const readingStdin: string[] = [];
  let argCount = 0;
  for (const file of files) {
    const command = (
      (await import(new URL(file, `file://${commandsDir}`).href)) as {
        default: { args?: Record<string, { ignoreStdin?: boolean }> };
      }
    ).default;
    for (const [name, arg] of Object.entries(command.args ?? {})) {
      argCount++;
      if (arg.ignoreStdin !== true) readingStdin.push(`${file}: ${name}`);
    }
  }
  expect(argCount).toBeGreaterThan(15);
  expect(readingStdin).toEqual([]);
});
