/**
 * The candidates of `kr8s __complete WORD… CURRENT` (the hidden command every completion script calls on
 * TAB): cobra's protocol, as `kubectl __complete` speaks it — candidates one per line (`value<TAB>description`
 * where there is one), then `:DIRECTIVE`. Pure: the commands come from oclif's manifest and everything
 * that needs the cluster or the kubeconfig from {@link CompletionSources}.
 */
import type { ConnectionFlagValues } from "../api-options.ts";
import type { CompletionSpec } from "./spec.ts";

/** cobra's `ShellCompDirective` bits, which the scripts act on (kubectl's values). */
export const DIRECTIVE = {
  /** Completion failed: offer nothing. */
  error: 1,
  /** No space after the candidate (`pod/` is followed by a name). */
  noSpace: 2,
  /** No file names when there is no candidate. */
  noFileComp: 4,
} as const;

/** What oclif's manifest says of a flag (the fields completion reads). */
export interface FlagSpec {
  name: string;
  char?: string | undefined;
  type: "boolean" | "option";
  multiple?: boolean | undefined;
  hidden?: boolean | undefined;
  description?: string | undefined;
  /** `GLOBAL` for kubectl's global flags, which also go before the command. */
  helpGroup?: string | undefined;
}

/** What oclif's manifest says of a command (the fields completion reads). */
export interface CommandSpec {
  /** `get`, `config:use-context`. */
  id: string;
  summary?: string | undefined;
  description?: string | undefined;
  hidden?: boolean | undefined;
  /** Other ids of the command (`config:use`); not offered, as cobra offers no alias. */
  aliases?: readonly string[] | undefined;
  flags: Record<string, FlagSpec>;
  completion?: CompletionSpec | undefined;
}

/** Where candidates that are not in the manifest come from: the kubeconfig and the cluster. */
export interface CompletionSources {
  /** Context, cluster and user names of the kubeconfig, sorted. */
  contexts(): Promise<string[]>;
  clusters(): Promise<string[]>;
  users(): Promise<string[]>;
  /** Namespace names, as the server lists them. */
  namespaces(): Promise<string[]>;
  /** Resource types as `kubectl api-resources -o name --verbs=get` prints them (`pods`, `deployments.apps`). */
  resourceTypes(): Promise<string[]>;
  /**
   * Names of the objects of `types` in the line's namespace, as `kubectl get TYPES` lists them: one type in
   * any spelling (`po`, `pods`, `deploy.apps`), a category (`all`) or a comma-separated list (`pod,svc`:
   * each kind once, in the list's order); a type the server does not serve gives none.
   */
  resourceNames(types: string): Promise<string[]>;
}

export interface Candidate {
  value: string;
  description?: string | undefined;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

export interface CompleteInput {
  commands: readonly CommandSpec[];
  /** Topic descriptions by id (`config`), from package.json's `oclif.topics`. */
  topics: Readonly<Record<string, { description?: string | undefined }>>;
  /** The words after the binary's name; the last one is the word being completed (maybe `""`). */
  words: readonly string[];
  /**
   * The sources for the connection flags already on the line (`--kubeconfig`, `--context`, `-n`…); called
   * at most once, and only when a candidate needs the kubeconfig or the cluster.
   */
  sources: (flags: ConnectionFlagValues) => CompletionSources;
}

/** The shells `completion` writes scripts for, in kubectl's order of its candidates. */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

/** The words of a command line read as oclif would: command path, flags with their values, arguments. */
interface ParsedLine {
  /** The command, once its words are all there. */
  command: CommandSpec | undefined;
  /** The words of the command path so far (`["config"]`). */
  path: string[];
  flags: Map<string, string[]>;
  /** Flags given (by name), so they are not offered again unless they may be repeated. */
  given: Set<string>;
  positionals: string[];
  /** The flag whose value the last word is (`-n <TAB>`). */
  pendingFlag: FlagSpec | undefined;
  /** After `--`, every word is an argument. */
  argsOnly: boolean;
}

/**
 * The completion of `words` (see {@link CompleteInput}). Never throws for a source that fails: a server
 * that cannot be reached or a broken kubeconfig gives no candidates (cobra's `:4`), so nothing is printed
 * into the user's prompt.
 */
export async function complete(input: CompleteInput): Promise<Completion> {
  const current = input.words.at(-1) ?? "";
  const line = parseLine(input.commands, input.words.slice(0, -1));
  const flagValues = (name: string): string | undefined => line.flags.get(name)?.at(-1);
  let made: CompletionSources | undefined;
  // Made on first use, once: most completions (commands, flags) need neither the kubeconfig nor the server.
  const sources = (): CompletionSources =>
    (made ??= input.sources({
      kubeconfig: flagValues("kubeconfig"),
      "cache-dir": flagValues("cache-dir"),
      context: flagValues("context"),
      namespace: flagValues("namespace"),
      cluster: flagValues("cluster"),
      user: flagValues("user"),
      server: flagValues("server"),
      token: flagValues("token"),
      "certificate-authority": flagValues("certificate-authority"),
      "client-certificate": flagValues("client-certificate"),
      "client-key": flagValues("client-key"),
      "insecure-skip-tls-verify": line.given.has("insecure-skip-tls-verify"),
      "tls-server-name": flagValues("tls-server-name"),
      as: flagValues("as"),
      "as-group": line.flags.get("as-group"),
      "as-uid": flagValues("as-uid"),
      username: flagValues("username"),
      password: flagValues("password"),
    }));
  try {
    if (line.pendingFlag) return await flagValueCompletion(line, line.pendingFlag, current, sources);
    if (!line.argsOnly && current.startsWith("-")) {
      // `--output=js` and `-o=js`: the flag's values, without the `--output=` (cobra's protocol: the
      // scripts put it back where the shell needs it).
      const eq = current.indexOf("=");
      if (eq > 0 && (current.startsWith("--") || eq === 2)) {
        const flag = findFlag(flagsOf(input.commands, line), current.slice(0, eq));
        if (!flag || flag.type !== "option") return { candidates: [], directive: DIRECTIVE.noFileComp };
        return await flagValueCompletion(line, flag, current.slice(eq + 1), sources);
      }
      return { candidates: flagCandidates(input.commands, line, current), directive: DIRECTIVE.noFileComp };
    }
    const subcommands = subcommandCandidates(input, line, current);
    if (subcommands.length > 0 || !line.command)
      return { candidates: subcommands, directive: DIRECTIVE.noFileComp };
    return await argCompletion(input, line, current, sources);
  } catch {
    return { candidates: [], directive: DIRECTIVE.noFileComp };
  }
}

/** The flags every command shares (kubectl's global ones), for words before the command. */
function globalFlags(commands: readonly CommandSpec[]): FlagSpec[] {
  const any = commands.find((c) => c.id === "get") ?? commands[0];
  return Object.values(any?.flags ?? {}).filter((f) => f.helpGroup === "GLOBAL");
}

function flagsOf(commands: readonly CommandSpec[], line: ParsedLine): FlagSpec[] {
  return line.command ? Object.values(line.command.flags) : globalFlags(commands);
}

function findFlag(flags: readonly FlagSpec[], word: string): FlagSpec | undefined {
  if (word.startsWith("--")) {
    const name = word.slice(2).split("=")[0];
    return flags.find((f) => f.name === name);
  }
  return flags.find((f) => f.char === word[1]);
}

/** Reads the complete words of the line (everything before the word being completed). */
function parseLine(commands: readonly CommandSpec[], words: readonly string[]): ParsedLine {
  const line: ParsedLine = {
    command: undefined,
    path: [],
    flags: new Map(),
    given: new Set(),
    positionals: [],
    pendingFlag: undefined,
    argsOnly: false,
  };
  const ids = new Set(commands.map((c) => c.id));
  const isPathPrefix = (path: readonly string[]): boolean => {
    const id = path.join(":");
    return commands.some((c) => c.id === id || c.id.startsWith(`${id}:`));
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (!line.argsOnly && word === "--") {
      line.argsOnly = true;
      continue;
    }
    if (!line.argsOnly && word.startsWith("-") && word !== "-") {
      const flag = findFlag(flagsOf(commands, line), word);
      if (!flag) continue;
      line.given.add(flag.name);
      if (flag.type === "boolean") continue;
      // `--name=value`, `-nvalue` / `-n=value` carry their value; `--name value` and `-n value` take the next word.
      const attached = word.startsWith("--")
        ? word.includes("=")
          ? word.slice(word.indexOf("=") + 1)
          : undefined
        : word.length > 2
          ? word.slice(word[2] === "=" ? 3 : 2)
          : undefined;
      let value = attached;
      if (value === undefined) {
        if (i + 1 >= words.length) {
          line.pendingFlag = flag;
          break;
        }
        value = words[++i] ?? "";
      }
      line.flags.set(flag.name, [...(line.flags.get(flag.name) ?? []), value]);
      continue;
    }
    if (line.positionals.length === 0 && !line.argsOnly && isPathPrefix([...line.path, word])) {
      line.path.push(word);
      const id = line.path.join(":");
      line.command = ids.has(id) ? commands.find((c) => c.id === id) : undefined;
      continue;
    }
    line.positionals.push(word);
  }
  return line;
}

/** Commands (and topics) one word below the path so far, that start with `current`. */
function subcommandCandidates(input: CompleteInput, line: ParsedLine, current: string): Candidate[] {
  if (line.positionals.length > 0 || line.argsOnly) return [];
  const prefix = line.path.length > 0 ? `${line.path.join(":")}:` : "";
  const below = new Map<string, Candidate>();
  // oclif lists an alias as a command of its own (its id the alias) once the commands are loaded.
  const aliases = new Set(input.commands.flatMap((c) => c.aliases ?? []));
  for (const command of input.commands) {
    if (command.hidden || aliases.has(command.id) || !command.id.startsWith(prefix)) continue;
    const [word = "", ...more] = command.id.slice(prefix.length).split(":");
    if (!word.startsWith(current) || below.has(word)) continue;
    const topic = `${prefix}${word}`;
    const description =
      more.length > 0
        ? input.topics[topic]?.description
        : (command.summary ?? firstLine(command.description));
    below.set(word, { value: word, description });
  }
  return [...below.values()].sort((a, b) => compare(a.value, b.value));
}

/** `--flag` and `-f` spellings of the flags not yet given (or repeatable), that start with `current`. */
function flagCandidates(commands: readonly CommandSpec[], line: ParsedLine, current: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const flag of flagsOf(commands, line)) {
    if (flag.hidden || (line.given.has(flag.name) && !flag.multiple)) continue;
    const description = firstLine(flag.description);
    const long = `--${flag.name}`;
    if (long.startsWith(current)) candidates.push({ value: long, description });
    // cobra offers the shorthand too, but not once `--` is typed.
    if (flag.char && `-${flag.char}`.startsWith(current) && !current.startsWith("--"))
      candidates.push({ value: `-${flag.char}`, description });
  }
  return candidates;
}

/**
 * A flag's values: namespaces, contexts, clusters and users from wherever the line points, fixed values
 * declared by the command (`-o` formats), and `TYPE/NAME` for the flags that take an object (`--for`).
 */
async function flagValueCompletion(
  line: ParsedLine,
  flag: FlagSpec,
  current: string,
  sources: () => CompletionSources,
): Promise<Completion> {
  if (line.command?.completion?.objectFlags?.includes(flag.name))
    return objectCompletion(current, sources(), { lists: false, given: [] });
  const fixed = line.command?.completion?.flagValues?.[flag.name];
  let values: readonly string[] | undefined;
  if (fixed) values = fixed;
  else if (flag.name === "namespace") values = await sources().namespaces();
  else if (flag.name === "context") values = await sources().contexts();
  else if (flag.name === "cluster") values = await sources().clusters();
  else if (flag.name === "user") values = await sources().users();
  // Any other flag's value is free text or a file name: the shell's own file completion.
  if (!values) return { candidates: [], directive: 0 };
  return {
    candidates: values.filter((v) => v.startsWith(current)).map((value) => ({ value })),
    directive: DIRECTIVE.noFileComp,
  };
}

/** The command's arguments, as its completion spec says (kubectl's `ValidArgsFunction`s). */
async function argCompletion(
  input: CompleteInput,
  line: ParsedLine,
  current: string,
  sources: () => CompletionSources,
): Promise<Completion> {
  const spec = line.command?.completion?.args;
  const none: Completion = { candidates: [], directive: DIRECTIVE.noFileComp };
  if (!spec || (spec.max !== undefined && line.positionals.length >= spec.max)) return none;
  const given = new Set(line.positionals);
  const fromList = (values: readonly string[]): Completion => ({
    candidates: values.filter((v) => v.startsWith(current) && !given.has(v)).map((value) => ({ value })),
    directive: DIRECTIVE.noFileComp,
  });
  switch (spec.source) {
    case "contexts":
      return fromList(await sources().contexts());
    case "clusters":
      return fromList(await sources().clusters());
    case "users":
      return fromList(await sources().users());
    case "shells":
      return fromList(SHELLS);
    case "commands":
      return {
        candidates: subcommandCandidates(
          input,
          { ...line, path: line.positionals, positionals: [] },
          current,
        ),
        directive: DIRECTIVE.noFileComp,
      };
    case "resource-types":
      return fromList(await sources().resourceTypes());
    case "resources":
      return resourceCompletion(line, current, sources());
  }
}

/**
 * kubectl's `ResourceTypeAndNameCompletionFunc`: the first argument is a type (`pods`) or a list of types
 * (`pod,svc`, its last type completed after the others), then names of those types (those already given
 * left out); or `TYPE/NAME` arguments, completed as `pod/` + a name, with no space after a type followed
 * by `/`.
 */
async function resourceCompletion(
  line: Pick<ParsedLine, "positionals">,
  current: string,
  sources: CompletionSources,
): Promise<Completion> {
  const [first] = line.positionals;
  if (first !== undefined && !first.includes("/")) {
    const given = new Set(line.positionals.slice(1));
    return {
      candidates: (await sources.resourceNames(first))
        .filter((n) => n.startsWith(current) && !given.has(n))
        .map((value) => ({ value })),
      directive: DIRECTIVE.noFileComp,
    };
  }
  // After a TYPE/NAME argument every argument has that form.
  if (first !== undefined || current.includes("/"))
    return objectCompletion(current, sources, { lists: true, given: line.positionals });
  return { candidates: await typeCandidates(current, sources, true), directive: DIRECTIVE.noFileComp };
}

/**
 * A `TYPE/NAME` word: `type/` (no space after it) until the `/` is typed, then `type/` + each name, those
 * in `given` left out. With `lists`, as kubectl's arguments: the type may be a list (`pod,s` → `pod,secrets/`;
 * `pod,svc/` + the names of both: kubectl's completion runs `get` on the text before the `/`).
 */
async function objectCompletion(
  current: string,
  sources: CompletionSources,
  { lists, given }: { lists: boolean; given: readonly string[] },
): Promise<Completion> {
  const slash = current.indexOf("/");
  if (slash < 0) {
    return {
      candidates: await typeCandidates(current, sources, lists, "/"),
      directive: DIRECTIVE.noFileComp | DIRECTIVE.noSpace,
    };
  }
  const type = current.slice(0, slash);
  if (!lists && type.includes(",")) return { candidates: [], directive: DIRECTIVE.noFileComp };
  return {
    candidates: (await sources.resourceNames(type))
      .filter((n) => n.startsWith(current.slice(slash + 1)))
      .map((n) => `${type}/${n}`)
      .filter((value) => !given.includes(value))
      .map((value) => ({ value })),
    directive: DIRECTIVE.noFileComp,
  };
}

/**
 * The resource types that complete `current`, each followed by `suffix`. With `lists`, as kubectl's
 * `compGetResourceList`: in a comma-separated list only the last type is completed, after the others as
 * typed (`pod,s` → `pod,secrets`, `pod,services`…; `pod,` → `pod,` + every type).
 */
async function typeCandidates(
  current: string,
  sources: CompletionSources,
  lists: boolean,
  suffix = "",
): Promise<Candidate[]> {
  const before = lists ? current.slice(0, current.lastIndexOf(",") + 1) : "";
  const typing = current.slice(before.length);
  return (await sources.resourceTypes())
    .filter((t) => t.startsWith(typing))
    .map((t) => ({ value: `${before}${t}${suffix}` }));
}

/** cobra's output: one candidate a line (`value<TAB>description`), then `:directive`. */
export function formatCompletion(completion: Completion): string {
  const lines = completion.candidates.map(({ value, description }) =>
    description ? `${value}\t${description}` : value,
  );
  return [...lines, `:${completion.directive}`].join("\n") + "\n";
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split("\n")[0]?.trim();
  return line === "" ? undefined : line;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
