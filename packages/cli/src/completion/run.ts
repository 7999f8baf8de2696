/**
 * Runs a completion and prints it: from oclif's loaded commands (`kr8s __complete` through oclif), or
 * straight from oclif.manifest.json (bin/run.js's fast path, which skips loading oclif on every TAB).
 */
import { readFile } from "node:fs/promises";
import { complete, DIRECTIVE, formatCompletion, type CommandSpec, type CompleteInput } from "./complete.ts";
import { liveSources } from "./sources.ts";

/** cobra's output for `words` (see {@link complete}); never throws. */
export async function completionOutput(
  commands: readonly CommandSpec[],
  topics: CompleteInput["topics"],
  words: readonly string[],
): Promise<string> {
  let live: ReturnType<typeof liveSources> | undefined;
  try {
    return formatCompletion(
      await complete({ commands, topics, words, sources: (flags) => (live = liveSources(flags)) }),
    );
  } finally {
    await live?.close().catch(() => undefined);
  }
}

/**
 * The completion of `words` for the package at `root` (the directory of its package.json and
 * oclif.manifest.json), without oclif. Without a manifest, no candidates (`:4`).
 */
export async function completeFromManifest(root: URL, words: readonly string[]): Promise<string> {
  let commands: CommandSpec[];
  let topics: CompleteInput["topics"];
  try {
    const [manifest, pjson] = await Promise.all(
      ["oclif.manifest.json", "package.json"].map(async (file): Promise<unknown> =>
        JSON.parse(await readFile(new URL(file, root), "utf8")),
      ),
    );
    commands = Object.values((manifest as { commands: Record<string, CommandSpec> }).commands);
    topics = (pjson as { oclif?: { topics?: CompleteInput["topics"] } }).oclif?.topics ?? {};
  } catch {
    return formatCompletion({ candidates: [], directive: DIRECTIVE.noFileComp });
  }
  return completionOutput(commands, topics, words);
}
