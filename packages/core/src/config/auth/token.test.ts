import { describe, expect, it } from "vitest";
import { createStaticCredentialSource } from "./token.ts";

describe("createStaticCredentialSource", () => {
  it("hands out exactly the fields the user entry set, under the given id, as generation 1", async () => {
    const source = createStaticCredentialSource({ id: "cfg-1", token: "tok" });
    expect(source.id).toBe("cfg-1");
    expect(await source.get()).toStrictEqual({ generation: 1, token: "tok" });
  });

  it("carries a client certificate, key and basic auth alongside", async () => {
    const basic = { username: "u", password: "p" };
    const source = createStaticCredentialSource({
      id: "x",
      clientCertificate: "CERT",
      clientKey: "KEY",
      basic,
    });
    const credentials = await source.get();
    expect(credentials).toStrictEqual({ generation: 1, clientCertificate: "CERT", clientKey: "KEY", basic });
    // A copy: changing the options afterwards does not change what is sent.
    basic.password = "changed";
    expect((await source.get()).basic).toEqual({ username: "u", password: "p" });
  });

  it("returns the same frozen credentials every time, and a 401 cannot refresh them", async () => {
    const source = createStaticCredentialSource({ id: "x", token: "tok" });
    const first = await source.get();
    expect(await source.get()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(source.invalidate(first.generation)).toBe(false);
    expect(await source.get()).toBe(first);
  });
});
