// The CLI without a cluster: help, the client version, and command-line mistakes reported like kubectl.
import { describe, expect, it } from "vitest";
import { run } from "@kr8s/test-utils/exec";
import { comparableVersion, unreachableKubeconfig } from "./parity.ts";
import { kr8s } from "./run-cli.ts";
import { referenceKubectl } from "@kr8s/test-utils/kubectl";

const noCluster = { ...process.env, KUBECONFIG: "/nonexistent/kubeconfig", HOME: "/nonexistent" };

// Each test starts Node processes; on a busy machine one start can take seconds.
const slow = { timeout: 60_000 };

describe("kr8s without a cluster", slow, () => {
  it("--help lists the commands and topics", async () => {
    const result = await kr8s(["--help"], { env: noCluster });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("$ kr8s [COMMAND]");
    expect(result.stdout).toMatch(/^\s+version\s+Print the client and server version information\./m);
    expect(result.stdout).toMatch(/^\s+auth\s+/m);
  });

  it("-k (kustomize) is refused before anything is read, saying how to pipe a build in", async () => {
    for (const command of ["get", "describe", "wait"]) {
      const result = await kr8s(
        [command, "-k", "overlays/dev", "--for=delete"].slice(0, command === "wait" ? 4 : 3),
        {
          env: noCluster,
        },
      );
      expect(result.exitCode, command).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `error: -k (kustomize) is not supported: kr8s has no kustomize. Build it and pipe it in: kubectl kustomize overlays/dev | kr8s ${command} -f -\n`,
      );
    }
  });

  it("version --client needs no kubeconfig", async () => {
    const text = await kr8s(["version", "--client"], { env: noCluster });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n$/);

    const json = await kr8s(["version", "--client", "-o", "json"], { env: noCluster });
    expect(JSON.parse(json.stdout)).toMatchObject({
      clientVersion: {
        gitVersion: expect.stringMatching(/^v\d/) as unknown,
        // Go's names, as kubectl prints them (`linux/amd64`).
        platform: expect.stringMatching(
          /^(linux|darwin|windows)\/(amd64|arm64|386|arm|ppc64le|s390x)$/,
        ) as unknown,
      },
    });
  });

  it("version without --client and without a kubeconfig explains what to do", async () => {
    const result = await kr8s(["version"], { env: noCluster });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error: ");
    expect(result.stderr).toContain("/nonexistent/kubeconfig");
  });

  it("-h prints the help like --help", async () => {
    const short = await kr8s(["version", "-h"], { env: noCluster });
    const long = await kr8s(["version", "--help"], { env: noCluster });
    expect(short.exitCode).toBe(0);
    expect(short.stdout).toContain("Print the client and server version information.");
    expect(short.stdout).toBe(long.stdout);
  });

  it("global flags before the command work, as in kubectl", async () => {
    const result = await kr8s(["-v", "6", "--context=unused", "version", "--client"], { env: noCluster });
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    expect(result.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n$/);
  });

  it("a boolean global flag before the command takes no value: the next word is the command", async () => {
    for (const flag of ["--insecure-skip-tls-verify", "--insecure-skip-tls-verify=true"]) {
      const result = await kr8s([flag, "version", "--client"], { env: noCluster });
      expect(result).toMatchObject({ exitCode: 0, stderr: "" });
      expect(result.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n$/);
    }
  });
});

// kubectl v1.33 (@kr8s/test-utils/kubectl) is the reference: the same mistake gives the same stderr (with our binary's name) and
// exit code. Nothing here reaches a server.
describe("command-line mistakes are reported as kubectl reports them", slow, () => {
  const sameAsKubectl: [string, string[]][] = [
    ["an unknown command, with kubectl's suggestion", ["versio"]],
    ["an unknown command, nothing near it", ["qqqqqq"]],
    ["an unknown command in a group", ["auth", "whoamii"]],
    ["an unknown flag", ["version", "--bogus"]],
    ["an unknown shorthand flag", ["version", "-x"]],
    ["an unknown flag before the command", ["--bogus", "version"]],
    ["a flag without its value", ["version", "-o"]],
    ["an output format version cannot print", ["version", "-o", "xml"]],
    ["extra arguments", ["version", "extra"]],
    ["a flag value that is not an integer", ["version", "-v", "abc"]],
    ["--help after a word that names no command", ["qqqqqq", "--help"]],
    ["a global flag, then an unknown command in a group", ["-n", "x", "auth", "whoamii"]],
    ["unexpected arguments to api-versions", ["api-versions", "x", "y"]],
    ["three arguments to auth can-i", ["auth", "can-i", "get", "pods", "mypod"]],
  ];
  it.each(sameAsKubectl)("%s: kr8s %s", async (_name, args) => {
    const [ours, theirs] = await Promise.all([
      kr8s(args, { env: noCluster }),
      run(referenceKubectl, args, { env: noCluster, timeoutMs: 60_000 }),
    ]);
    expect(theirs.exitCode).toBe(1);
    expect(ours).toMatchObject({
      exitCode: theirs.exitCode,
      stdout: theirs.stdout,
      stderr: theirs.stderr.replaceAll("kubectl", "kr8s"),
    });
  });

  it("an unknown command suggests the commands within two edits or starting with what was typed, as cobra does", async () => {
    const result = await kr8s(["vrsion"], { env: noCluster });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'error: unknown command "vrsion" for "kr8s"\n\nDid you mean this?\n\tversion\n',
    );
    expect((await kr8s(["aut"], { env: noCluster })).stderr).toContain("Did you mean this?\n\tauth\n");
    // `version` is more than two edits away, but a prefix; `get` is two edits away (kubectl lists both).
    expect((await kr8s(["ver"], { env: noCluster })).stderr).toContain(
      "Did you mean this?\n\tget\n\tversion\n",
    );
  });

  it("-o with a format auth whoami cannot print: kubectl's printer error and formats", async () => {
    const ours = await kr8s(["auth", "whoami", "-o", "xml"], { env: noCluster });
    const theirs = await run(referenceKubectl, ["auth", "whoami", "-o", "xml"], { env: noCluster });
    expect(ours.exitCode).toBe(theirs.exitCode);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stderr).toContain(
      "allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n",
    );
  });
});

// A group's name alone: kubectl prints the group's help on stderr and exits 1 (cobra's DefaultSubCommandRun).
describe("a group without a command, as kubectl", slow, () => {
  it.for([
    { args: ["config"], group: "config" },
    { args: ["auth"], group: "auth" },
    { args: ["--kubeconfig", "/nonexistent/x", "config"], group: "config" },
    { args: ["-n", "x", "auth"], group: "auth" },
  ])(
    "kr8s $args.join: the group's help on stderr, nothing on stdout, exit 1",
    async ({ args, group }, { expect }) => {
      const [ours, help, theirs] = await Promise.all([
        kr8s(args, { env: noCluster }),
        kr8s([group, "--help"], { env: noCluster }),
        run(referenceKubectl, args, { env: noCluster, timeoutMs: 60_000 }),
      ]);
      expect(theirs).toMatchObject({ exitCode: 1, stdout: "" });
      expect(ours).toMatchObject({ exitCode: 1, stdout: "", stderr: help.stdout });
      expect(help.stdout).toContain(`$ kr8s ${group} COMMAND`);
    },
  );

  it("--help after an unknown command in a group is the group's help on stdout, exit 0, as kubectl", async ({
    expect,
  }) => {
    const args = ["config", "nosuch", "--help"];
    const [ours, help, theirs] = await Promise.all([
      kr8s(args, { env: noCluster }),
      kr8s(["config", "--help"], { env: noCluster }),
      run(referenceKubectl, args, { env: noCluster, timeoutMs: 60_000 }),
    ]);
    expect(theirs).toMatchObject({ exitCode: 0, stderr: "" });
    expect(ours).toMatchObject({ exitCode: 0, stderr: "", stdout: help.stdout });
  });

  it("--help after a command kr8s does not have is the unknown-command error, exit 1", async ({ expect }) => {
    const ours = await kr8s(["logs", "--help"], { env: noCluster });
    expect(ours).toMatchObject({
      exitCode: 1,
      stdout: "",
      stderr: 'error: unknown command "logs" for "kr8s"\n',
    });
  });
});

// `kubectl help [COMMAND…]` (cobra's help command): the command's help on stdout, exit 0.
describe("help [COMMAND] as kubectl's", slow, () => {
  it.for(
    [["get"], ["config", "set"], ["auth", "whoami"], ["get", "pods"]].map((args) => ({
      args,
      title: args.join(" "),
    })),
  )(
    "help $title prints what --help prints for the command (words after it ignored), exit 0, as kubectl does",
    async ({ args }, { expect }) => {
      const [ours, usual, theirs] = await Promise.all([
        kr8s(["help", ...args], { env: noCluster }),
        kr8s([...args.filter((word) => word !== "pods"), "--help"], { env: noCluster }),
        run(referenceKubectl, ["help", ...args], { env: noCluster, timeoutMs: 60_000 }),
      ]);
      expect(theirs).toMatchObject({ exitCode: 0, stderr: "" });
      expect(ours).toMatchObject({ exitCode: 0, stderr: "", stdout: usual.stdout });
      expect(usual.stdout).toMatch(/^USAGE$/m);
    },
  );

  it("help alone prints the list of commands", async ({ expect }) => {
    const [ours, usual] = await Promise.all([
      kr8s(["help"], { env: noCluster }),
      kr8s(["--help"], { env: noCluster }),
    ]);
    expect(ours).toMatchObject({ exitCode: 0, stderr: "", stdout: usual.stdout });
  });

  it("an unknown topic: kubectl's line and the list of commands on stderr, exit 0", async ({ expect }) => {
    const args = ["help", "nosuch", "x"];
    const [ours, usual, theirs] = await Promise.all([
      kr8s(args, { env: noCluster }),
      kr8s(["--help"], { env: noCluster }),
      run(referenceKubectl, args, { env: noCluster, timeoutMs: 60_000 }),
    ]);
    const line = "Unknown help topic [`nosuch` `x`]\n";
    expect(theirs.stderr.startsWith(line)).toBe(true);
    expect(ours).toMatchObject({ exitCode: theirs.exitCode, stdout: theirs.stdout });
    expect(ours.stderr).toBe(line + usual.stdout);
  });

  it("an unknown flag is refused as kubectl refuses it", async ({ expect }) => {
    const args = ["help", "get", "--bogus"];
    const [ours, theirs] = await Promise.all([
      kr8s(args, { env: noCluster }),
      run(referenceKubectl, args, { env: noCluster, timeoutMs: 60_000 }),
    ]);
    expect(theirs.exitCode).toBe(1);
    expect(ours).toMatchObject({
      exitCode: theirs.exitCode,
      stdout: theirs.stdout,
      stderr: theirs.stderr.replaceAll("kubectl", "kr8s"),
    });
  });
});

describe("version with a server that cannot be reached, as kubectl", slow, () => {
  const unreachable = (): Promise<string> => unreachableKubeconfig("t0ken");
  it.for([
    { format: "text", args: [] },
    { format: "json", args: ["-o", "json"] },
    { format: "yaml", args: ["-o", "yaml"] },
  ] as const)(
    "$format: the client's version is printed before the error, exit 1",
    async ({ format, args }, { expect }) => {
      const file = await unreachable();
      const all = ["version", ...args, "--kubeconfig", file];
      const [ours, theirs] = await Promise.all([
        kr8s(all, { env: noCluster }),
        run(referenceKubectl, all, { env: noCluster, timeoutMs: 60_000 }),
      ]);
      expect(theirs.exitCode).toBe(1);
      expect(ours.exitCode).toBe(1);
      expect(comparableVersion(ours.stdout, format)).toEqual(comparableVersion(theirs.stdout, format));
      // kubectl's YAML is printed with Println: a blank line after it.
      if (format === "yaml")
        expect([ours.stdout.endsWith("\n\n"), theirs.stdout.endsWith("\n\n")]).toEqual([true, true]);
      expect(ours.stderr).toContain("error: cannot reach the API server at https://127.0.0.1:1");
    },
  );

  it("--client -o json has kubectl's fields in kubectl's order", async ({ expect }) => {
    const args = ["version", "--client", "-o", "json"];
    const [ours, theirs] = await Promise.all([
      kr8s(args, { env: noCluster }),
      run(referenceKubectl, args, { env: noCluster, timeoutMs: 60_000 }),
    ]);
    expect(comparableVersion(ours.stdout, "json")).toEqual(comparableVersion(theirs.stdout, "json"));
    expect(JSON.parse(ours.stdout)).toMatchObject({
      clientVersion: { major: "0", minor: "0", gitVersion: "v0.0.0", nodeVersion: process.version },
    });
  });

  it("a kubeconfig that names a missing context fails before anything is printed, as in kubectl", async ({
    expect,
  }) => {
    const all = ["version", "--kubeconfig", await unreachable(), "--context", "nope"];
    const [ours, theirs] = await Promise.all([
      kr8s(all, { env: noCluster }),
      run(referenceKubectl, all, { env: noCluster, timeoutMs: 60_000 }),
    ]);
    expect([ours.exitCode, ours.stdout]).toEqual([theirs.exitCode, theirs.stdout]);
    expect(theirs.stdout).toBe("");
  });
});
