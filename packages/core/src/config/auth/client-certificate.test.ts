import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubeConfigError } from "../../errors.ts";
import { createClientCertificateCredentialSource } from "./client-certificate.ts";

// Only the PEM armour matters here: the TLS layer parses the content.
const pem = (label: string, body: string): string =>
  `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const CERT = pem("CERTIFICATE", "cert-one");
const KEY = pem("PRIVATE KEY", "key-one");
const base64 = (text: string): string => Buffer.from(text).toString("base64");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-client-cert-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function files(cert = CERT, key = KEY): Promise<{ certificateFile: string; keyFile: string }> {
  const certificateFile = join(dir, "client.crt");
  const keyFile = join(dir, "client.key");
  await writeFile(certificateFile, cert);
  await writeFile(keyFile, key);
  return { certificateFile, keyFile };
}

describe("createClientCertificateCredentialSource", () => {
  it("decodes base64 -data fields, sends a token alongside, and cannot be refreshed by a 401", async () => {
    const source = await createClientCertificateCredentialSource({
      id: "cfg",
      userName: "admin",
      certificateData: base64(CERT),
      keyData: base64(KEY),
      token: "tok",
    });
    expect(source.id).toBe("cfg");
    const credentials = await source.get();
    expect(credentials).toEqual({ clientCertificate: CERT, clientKey: KEY, token: "tok", generation: 1 });
    expect(source.invalidate(credentials.generation)).toBe(false);
    expect(await source.get()).toBe(credentials);
  });

  it("reads the files, and without a token sends no token field", async () => {
    const source = await createClientCertificateCredentialSource({
      id: "c",
      userName: "u",
      ...(await files()),
    });
    const credentials = await source.get();
    expect(credentials).toEqual({ clientCertificate: CERT, clientKey: KEY, generation: 1 });
    expect("token" in credentials).toBe(false);
  });

  it("re-reads rotated files before the next request, and reuses the pair while they are unchanged", async () => {
    const paths = await files();
    const source = await createClientCertificateCredentialSource({ id: "c", userName: "u", ...paths });
    const first = await source.get();
    expect(await source.get()).toBe(first);
    const CERT2 = pem("CERTIFICATE", "cert-two-longer");
    const KEY2 = pem("PRIVATE KEY", "key-two-longer");
    await writeFile(paths.certificateFile, CERT2);
    await writeFile(paths.keyFile, KEY2);
    const second = await source.get();
    expect(second).toMatchObject({ clientCertificate: CERT2, clientKey: KEY2, generation: 2 });
    expect(await source.get()).toBe(second);
  });

  it("notices a rotation that happened between creation and the first request", async () => {
    const paths = await files();
    const source = await createClientCertificateCredentialSource({ id: "c", userName: "u", ...paths });
    const CERT2 = pem("CERTIFICATE", "rotated-before-first-use");
    await writeFile(paths.certificateFile, CERT2);
    expect((await source.get()).clientCertificate).toBe(CERT2);
  });

  it("serves the first request with the pair read at creation when the files are gone by then", async () => {
    const paths = await files();
    const source = await createClientCertificateCredentialSource({ id: "c", userName: "u", ...paths });
    await unlink(paths.certificateFile);
    await unlink(paths.keyFile);
    expect(await source.get()).toMatchObject({ clientCertificate: CERT, clientKey: KEY, generation: 1 });
  });

  it("keeps the pair in hand while a rotated file is briefly missing; invalidating reloads it", async () => {
    const paths = await files();
    const source = await createClientCertificateCredentialSource({ id: "c", userName: "u", ...paths });
    const first = await source.get();
    await unlink(paths.keyFile);
    expect(await source.get()).toBe(first);
    await writeFile(paths.keyFile, KEY);
    expect(source.invalidate(first.generation)).toBe(true);
    expect((await source.get()).generation).toBe(2);
  });

  it("a certificate without a key names the missing field and the file", async () => {
    const error = await createClientCertificateCredentialSource({
      id: "c",
      userName: "admin",
      file: "/home/me/.kube/config",
      certificateData: base64(CERT),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error).toMatchObject({ field: "users[admin].client-key", file: "/home/me/.kube/config" });
    expect((error as Error).message).toContain(
      "client-key (or client-key-data) is required with client-certificate",
    );
  });

  it("a key without a certificate names client-certificate", async () => {
    const error = await createClientCertificateCredentialSource({
      id: "c",
      userName: "admin",
      keyFile: "/nowhere/key",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error).toMatchObject({ field: "users[admin].client-certificate" });
    expect((error as Error).message).toContain(
      "client-certificate (or client-certificate-data) is required with client-key",
    );
  });

  it("a missing certificate file is reported at creation, naming the field", async () => {
    const error = await createClientCertificateCredentialSource({
      id: "c",
      userName: "admin",
      certificateFile: join(dir, "absent.crt"),
      keyData: base64(KEY),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error).toMatchObject({ field: "users[admin].client-certificate" });
    expect((error as Error).message).toBe(
      `client certificate file does not exist (${join(dir, "absent.crt")}: users[admin].client-certificate)`,
    );
  });

  it("a missing key file is reported at creation, naming the field", async () => {
    const error = await createClientCertificateCredentialSource({
      id: "c",
      userName: "admin",
      certificateData: base64(CERT),
      keyFile: join(dir, "absent.key"),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "users[admin].client-key" });
    expect((error as Error).message).toBe(
      `client key file does not exist (${join(dir, "absent.key")}: users[admin].client-key)`,
    );
  });

  it("-data that is not PEM names the -data field", async () => {
    const bad = await createClientCertificateCredentialSource({
      id: "c",
      userName: "admin",
      certificateData: base64("not pem"),
      keyData: base64(KEY),
    }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ field: "users[admin].client-certificate-data" });
    const badKey = await createClientCertificateCredentialSource({
      id: "c",
      userName: "admin",
      certificateData: base64(CERT),
      keyData: base64("not pem"),
    }).catch((e: unknown) => e);
    expect(badKey).toMatchObject({ field: "users[admin].client-key-data" });
  });
});
