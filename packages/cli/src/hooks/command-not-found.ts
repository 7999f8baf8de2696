import type { Hook } from "@oclif/core";
import { loadHelpClass, normalizeArgv } from "@oclif/core/help";
import { leadingGlobalFlags } from "../leading-flags.ts";
import { nameAsInvoked } from "../plugin-bin.ts";

/**
 * oclif calls this when the words of a command line name no command. kubectl takes its global flags
 * before the command too (`kubectl -v 6 version`), which oclif reads as a command named `-v`: those flags
 * move behind the command's words (before its own flags: the last of a flag given twice wins) and it runs;
 * before a group's name alone (`kr8s -n x auth`), the group's help is printed as without them. Anything else
 * is a mistake, printed as kubectl prints it (exit 1).
 */
const hook: Hook.CommandNotFound = async function ({ config, id, argv = [] }) {
  nameAsInvoked(config);
  const { flags, rest } = leadingGlobalFlags([id, ...argv]);
  let unknown = id;
  if (flags.length > 0 && rest.length > 0) {
    const [commandId = "", ...args] = normalizeArgv(config, rest);
    if (config.findCommand(commandId)) return config.runCommand(commandId, [...flags, ...args]);
    // A group without a command (`kr8s -n x auth`): its help, as `kr8s auth` prints it.
    if (config.findTopic(commandId) && !args[0]?.match(/^[^-]/)) {
      const Help = await loadHelpClass(config);
      return new Help(config).showHelp([commandId]);
    }
    unknown = commandId;
  }
  const { unknownCommandError } = await import("../usage.ts");
  process.stderr.write(unknownCommandError(config, unknown).render());
  this.exit(1);
};
export default hook;
