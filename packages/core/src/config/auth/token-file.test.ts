import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "../../errors.ts";
import { createTokenFileCredentialSource } from "./token-file.ts";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-token-file-"));
  path = join(dir, "token");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("createTokenFileCredentialSource", () => {
  it("reads the token, trimmed, and keeps the id and the client certificate given", async () => {
    await writeFile(path, "  secret-token\n");
    const source = createTokenFileCredentialSource({
      id: "cfg",
      path,
      clientCertificate: "CERT",
      clientKey: "KEY",
    });
    expect(source.id).toBe("cfg");
    expect(await source.get()).toEqual({
      token: "secret-token",
      clientCertificate: "CERT",
      clientKey: "KEY",
      generation: 1,
    });
  });

  it("uses a rotated token on the next request, and the same credentials while the file is unchanged", async () => {
    await writeFile(path, "one");
    const source = createTokenFileCredentialSource({ id: "cfg", path });
    const first = await source.get();
    expect(first).toStrictEqual({ token: "one", generation: 1 });
    expect(await source.get()).toBe(first);
    await writeFile(path, "two");
    const second = await source.get();
    expect(second.token).toBe("two");
    expect(second.generation).toBe(2);
  });

  it("keeps the token in hand while a rotation has the file missing or empty", async () => {
    await writeFile(path, "one");
    const source = createTokenFileCredentialSource({ id: "cfg", path });
    const first = await source.get();
    await unlink(path);
    expect(await source.get()).toBe(first);
    await writeFile(path, "");
    expect(await source.get()).toBe(first);
    await writeFile(path, "two\n");
    expect((await source.get()).token).toBe("two");
  });

  it("after a 401, reloads the file: invalidating is allowed", async () => {
    await writeFile(path, "one");
    const source = createTokenFileCredentialSource({ id: "cfg", path });
    const first = await source.get();
    expect(source.invalidate(first.generation)).toBe(true);
    const again = await source.get();
    expect(again.token).toBe("one");
    expect(again.generation).toBe(2);
  });

  it("a missing file is an AuthenticationError naming the file and the kubeconfig field", async () => {
    const source = createTokenFileCredentialSource({ id: "cfg", path, field: "users[ci].tokenFile" });
    const error = await source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe(`cannot read the token file (${path}, users[ci].tokenFile)`);
    expect((error as Error).cause).toMatchObject({ code: "ENOENT" });
  });

  it("an empty file is an AuthenticationError naming the file (no field given: the path alone)", async () => {
    await writeFile(path, " \n");
    const source = createTokenFileCredentialSource({ id: "cfg", path });
    await expect(source.get()).rejects.toThrow(new AuthenticationError(`the token file is empty (${path})`));
  });

  it("a file that becomes unreadable for another reason than missing counts as changed, and the load reports it", async () => {
    await writeFile(path, "one");
    const source = createTokenFileCredentialSource({ id: "cfg", path });
    await source.get();
    // A directory in place of the file: reading fails with EISDIR, not ENOENT.
    await unlink(path);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path);
    await expect(source.get()).rejects.toThrow(/cannot read the token file/);
  });
});
