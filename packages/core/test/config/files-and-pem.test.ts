// Kubeconfig files on disk: atomic writes that keep the file's mode, errors for files that cannot be read,
// and `*-data` fields holding base64 PEM or PEM.
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { KubeConfigError } from "../../src/errors.ts";
import { digest, exists, fileError, readReferencedFile, writeFileAtomic } from "../../src/config/files.ts";
import { decodePemData } from "../../src/config/pem.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-files-"));
});

const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe("writing a kubeconfig atomically", () => {
  // 0666 loses a write bit under the usual umasks (022, 002): writeFile alone would not keep it.
  it("replaces the content and keeps the file's mode exactly, even one the umask would reduce", async () => {
    const file = join(dir, "config");
    await writeFile(file, "old");
    await chmod(file, 0o666);
    await writeFileAtomic(file, "new");
    expect(await readFile(file, "utf8")).toBe("new");
    expect(await mode(file)).toBe(0o666);
  });

  it("creates a new file 0600 in a new directory 0700, because it holds credentials", async () => {
    const file = join(dir, "home", ".kube", "config");
    await writeFileAtomic(file, "apiVersion: v1\n");
    expect(await readFile(file, "utf8")).toBe("apiVersion: v1\n");
    expect(await mode(file)).toBe(0o600);
    expect(await mode(join(dir, "home", ".kube"))).toBe(0o700);
  });

  it("leaves no temporary file behind, after success or failure", async () => {
    const file = join(dir, "config");
    await writeFileAtomic(file, "one");
    await writeFileAtomic(file, "two");
    expect(await readdir(dir)).toEqual(["config"]);
    // A directory where the file should be: the final rename fails.
    const occupied = join(dir, "occupied");
    await mkdir(join(occupied, "inside"), { recursive: true });
    await expect(writeFileAtomic(occupied, "x")).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(["config", "occupied"]);
  });

  it("fails when the file's directory cannot be looked at, without creating anything", async () => {
    const notADirectory = join(dir, "file");
    await writeFile(notADirectory, "x");
    await expect(writeFileAtomic(join(notADirectory, "config"), "y")).rejects.toMatchObject({
      code: "ENOTDIR",
    });
  });
});

describe("files a kubeconfig refers to", () => {
  it("a missing file: '<what> file does not exist', naming the file and field", async () => {
    const file = join(dir, "ca.crt");
    const error = (await readReferencedFile(
      file,
      "clusters[c].certificate-authority",
      "certificate authority",
    ).catch((e: unknown) => e)) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toBe(
      `certificate authority file does not exist (${file}: clusters[c].certificate-authority)`,
    );
    expect(error.cause).toMatchObject({ code: "ENOENT" });
  });

  it("a file that exists but cannot be read: 'cannot be read'", async () => {
    const error = (await readReferencedFile(dir, undefined, "kubeconfig").catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.message).toBe(`kubeconfig file cannot be read (${dir})`);
    expect(error.field).toBeUndefined();
  });

  it("keeps the suggestions it is given", () => {
    const error = fileError("/x", new Error("EACCES"), "token", { suggestions: ["mount it"] });
    expect(error.suggestions).toEqual(["mount it"]);
    expect(fileError("/x", undefined, "token").suggestions).toEqual([]);
  });

  it("reads the file's text", async () => {
    const file = join(dir, "token");
    await writeFile(file, "abc\n");
    expect(await readReferencedFile(file, "users[u].tokenFile", "token")).toBe("abc\n");
    expect(await exists(file)).toBe(true);
    expect(await exists(dir)).toBe(true);
    expect(await exists(join(dir, "nope"))).toBe(false);
  });
});

describe("cache keys", () => {
  it("are 16 hex characters, equal for equal input and different otherwise", () => {
    expect(digest({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
    expect(digest({ a: 1 })).toBe(digest({ a: 1 }));
    expect(digest({ a: 2 })).not.toBe(digest({ a: 1 }));
  });
});

describe("*-data fields", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  it("accept PEM as is and base64 of PEM, also wrapped over several lines", () => {
    expect(decodePemData(PEM, "f", undefined)).toBe(PEM);
    const base64 = Buffer.from(PEM).toString("base64");
    expect(decodePemData(base64, "f", undefined)).toBe(PEM);
    const wrapped = base64.replace(/(.{20})/g, "$1\n  ");
    expect(decodePemData(`${wrapped}\n`, "f", undefined)).toBe(PEM);
  });

  it("reject anything else, naming the file and field but never the value", () => {
    const secret = Buffer.from("not a certificate: s3cr3t").toString("base64");
    let error: unknown;
    try {
      decodePemData(secret, "users[u].client-key-data", "/home/me/.kube/config");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeConfigError);
    expect((error as KubeConfigError).message).toBe(
      "the value is neither base64-encoded PEM nor PEM (/home/me/.kube/config: users[u].client-key-data)",
    );
    expect(() => decodePemData("plain", "f", undefined)).toThrow(
      new KubeConfigError("the value is neither base64-encoded PEM nor PEM", { field: "f" }),
    );
  });
});
