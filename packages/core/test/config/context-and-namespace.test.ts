// Which context, cluster, user and namespace resolveConnection() picks, and what it says when the
// kubeconfig does not add up. Complements src/config/resolve.test.ts (sources in kubectl's order, files).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { KubeConfigError } from "../../src/errors.ts";
import type { KubeConfigObject } from "../../src/config/kubeconfig.ts";
import { resolveConnection, type ResolveConnectionOptions } from "../../src/config/resolve.ts";
import { writeKubeConfig, writeServiceAccount } from "./write-config.ts";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kr8s-context-"));
});

const kubeconfig = (config: KubeConfigObject, name?: string): Promise<string> =>
  writeKubeConfig(dir, config, name);
const serviceAccount = (files: Record<string, string>): Promise<string> => writeServiceAccount(dir, files);

const base: KubeConfigObject = {
  clusters: [
    { name: "a", cluster: { server: "https://a.example:6443//" } },
    { name: "b", cluster: { server: "https://b.example", "proxy-url": "", "disable-compression": false } },
  ],
  users: [
    { name: "alice", user: { token: "alice-token" } },
    { name: "bob", user: { username: "bob", password: "bob-password" } },
  ],
  contexts: [
    { name: "first", context: { cluster: "a", user: "alice", namespace: "team-a" } },
    { name: "second", context: { cluster: "b", user: "bob", namespace: "" } },
    { name: "anonymous", context: { cluster: "b" } },
  ],
  "current-context": "first",
};

const resolveWith = async (config: KubeConfigObject, options: ResolveConnectionOptions = {}) =>
  resolveConnection({ kubeconfig: await kubeconfig(config), env: {}, ...options });

const failure = async (config: KubeConfigObject, options: ResolveConnectionOptions = {}) =>
  (await resolveWith(config, options).catch((e: unknown) => e)) as KubeConfigError;

describe("context", () => {
  it("the current context, its cluster's server without trailing slashes, its user and namespace", async () => {
    const connection = await resolveWith(base);
    expect(connection).toMatchObject({
      server: "https://a.example:6443",
      contextName: "first",
      namespace: "team-a",
    });
    expect((await connection.credentials.get()).token).toBe("alice-token");
    expect(connection.proxyUrl).toBeUndefined();
    expect(connection.impersonate).toBeUndefined();
    expect(connection.disableCompression).toBeUndefined();
  });

  it("an explicit context wins over current-context", async () => {
    const connection = await resolveWith(base, { context: "second" });
    expect(connection.contextName).toBe("second");
    expect(connection.server).toBe("https://b.example");
    expect((await connection.credentials.get()).basic).toEqual({ username: "bob", password: "bob-password" });
  });

  it("a context without a user connects anonymously", async () => {
    const connection = await resolveWith(base, { context: "anonymous" });
    const credentials = await connection.credentials.get();
    expect(credentials.token).toBeUndefined();
    expect(credentials.basic).toBeUndefined();
    expect(credentials.clientCertificate).toBeUndefined();
  });

  it("an unknown explicit context names the first file and lists the contexts", async () => {
    const error = await failure(base, { context: "nope" });
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toBe(`context "nope" not found (${join(dir, "config")})`);
    expect(error.field).toBeUndefined();
    expect(error.suggestions).toEqual(["available contexts: first, second, anonymous"]);
  });

  it("an unknown current-context points at the current-context field", async () => {
    const error = await failure({ ...base, "current-context": "gone" });
    expect(error.message).toBe(`context "gone" not found (${join(dir, "config")}: current-context)`);
  });

  it("no current-context asks for one, listing the contexts", async () => {
    const error = await failure({ ...base, "current-context": "" });
    expect(error.message).toBe(`current-context is not set (${join(dir, "config")}: current-context)`);
    expect(error.suggestions).toEqual([
      "available contexts: first, second, anonymous",
      "choose one with `kr8s config use-context <name>` or pass a context",
    ]);
  });

  it("an explicit kubeconfig without contexts says so", async () => {
    const file = await kubeconfig({ clusters: [] });
    const error = (await resolveConnection({ kubeconfig: file, env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error.message).toBe(`the kubeconfig defines no contexts (${file})`);
    expect(error.suggestions).toEqual([
      "add a context with `kr8s config set-context`, or pass a different kubeconfig",
    ]);
    const named = (await resolveConnection({ kubeconfig: file, context: "x", env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(named.message).toBe(`context "x" not found (${file})`);
    expect(named.suggestions).toEqual(["the kubeconfig defines no contexts"]);
  });

  it("a context whose user does not exist names the context's user field", async () => {
    const config = { ...base, contexts: [{ name: "first", context: { cluster: "a", user: "carol" } }] };
    const error = await failure(config);
    expect(error.message).toBe(
      `user "carol" of context "first" not found (${join(dir, "config")}: contexts[first].user)`,
    );
    expect(error.suggestions).toEqual(["available users: alice, bob"]);
    const noUsers = await failure({ ...config, users: [] });
    expect(noUsers.suggestions).toEqual(["available users: none"]);
  });

  it("a context whose cluster does not exist lists the clusters, or none", async () => {
    const error = await failure({
      ...base,
      clusters: [],
      contexts: [{ name: "first", context: { cluster: "z" } }],
    });
    expect(error.message).toBe(
      `cluster "z" of context "first" not found (${join(dir, "config")}: contexts[first].cluster)`,
    );
    expect(error.suggestions).toEqual(["available clusters: none"]);
  });

  it("a cluster without a server names the field", async () => {
    const error = await failure({ ...base, clusters: [{ name: "a", cluster: { server: "" } }] });
    expect(error.message).toBe(`cluster "a" has no server (${join(dir, "config")}: clusters[a].server)`);
  });
});

describe("namespace", () => {
  it("an empty explicit or context namespace falls through to the next source", async () => {
    expect((await resolveWith(base, { namespace: "" })).namespace).toBe("team-a");
    expect((await resolveWith(base, { context: "second" })).namespace).toBe("default");
  });

  it("the service account's namespace counts only in a pod or when a service account is given", async () => {
    const sa = await serviceAccount({ namespace: "  from-sa \n" });
    expect((await resolveWith(base, { context: "second", serviceAccount: sa })).namespace).toBe("from-sa");
    const empty = await serviceAccount({ namespace: "\n" });
    expect((await resolveWith(base, { context: "second", serviceAccount: empty })).namespace).toBe("default");
    // In a pod (KUBERNETES_SERVICE_HOST set) the default directory is read; here it does not exist.
    const inPod = await resolveWith(base, {
      context: "second",
      env: { KUBERNETES_SERVICE_HOST: "10.0.0.1" },
    });
    expect(inPod.namespace).toBe("default");
  });

  it("in a pod: the namespace file, an explicit namespace over it, default when it is empty", async () => {
    const env = { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" };
    const home = join(dir, "home");
    const sa = await serviceAccount({ token: "t", namespace: "apps\n" });
    expect((await resolveConnection({ env, homeDir: home, serviceAccount: sa })).namespace).toBe("apps");
    expect(
      (await resolveConnection({ env, homeDir: home, serviceAccount: sa, namespace: "web" })).namespace,
    ).toBe("web");
    await writeFile(join(sa, "namespace"), "");
    const connection = await resolveConnection({ env, homeDir: home, serviceAccount: sa });
    expect(connection).toMatchObject({ namespace: "default", server: "https://10.96.0.1:443" });
    expect(connection.tls).toEqual({ insecureSkipTLSVerify: false });
  });

  it("in a pod without KUBERNETES_SERVICE_PORT, kubectl's rule is not met: no configuration", async () => {
    const error = (await resolveConnection({
      env: { KUBERNETES_SERVICE_HOST: "10.96.0.1" },
      homeDir: join(dir, "home"),
    }).catch((e: unknown) => e)) as KubeConfigError;
    expect(error.message).toBe(
      `no Kubernetes configuration found (looked in ${join(dir, "home", ".kube", "config")})`,
    );
    expect(error.suggestions).toEqual([
      "set KUBECONFIG to the path of a kubeconfig file",
      `or create ${join(dir, "home", ".kube", "config")}`,
      "or run inside a pod, where KUBERNETES_SERVICE_HOST and the service-account token are available",
    ]);
  });
});

describe("cluster settings", () => {
  it("tls-server-name, proxy-url and disable-compression are passed on when set", async () => {
    const connection = await resolveWith({
      ...base,
      clusters: [
        {
          name: "a",
          cluster: {
            server: "https://a.example",
            "tls-server-name": "api.internal",
            "proxy-url": "http://proxy:3128",
            "disable-compression": true,
            "insecure-skip-tls-verify": true,
          },
        },
      ],
    });
    expect(connection.tls).toEqual({ insecureSkipTLSVerify: true, serverName: "api.internal" });
    expect(connection.proxyUrl).toBe("http://proxy:3128");
    expect(connection.disableCompression).toBe(true);
  });

  it("a CA file is read; insecure-skip-tls-verify together with a CA is refused", async () => {
    await writeFile(join(dir, "ca.crt"), PEM);
    const withCa = {
      ...base,
      clusters: [
        { name: "a", cluster: { server: "https://a.example", "certificate-authority": join(dir, "ca.crt") } },
      ],
    };
    expect((await resolveWith(withCa)).tls).toEqual({ ca: PEM, insecureSkipTLSVerify: false });
    const error = await failure({
      ...withCa,
      clusters: [
        { name: "a", cluster: { ...withCa.clusters[0]!.cluster, "insecure-skip-tls-verify": true } },
      ],
    });
    expect(error.message).toBe(
      `insecure-skip-tls-verify cannot be combined with a certificate authority (${join(dir, "config")}: clusters[a].insecure-skip-tls-verify)`,
    );
  });
});

describe("users", () => {
  const withUser = (user: Record<string, unknown>): KubeConfigObject => ({
    ...base,
    users: [{ name: "alice", user }],
  });

  it("auth-providers other than oidc are refused with what to use instead", async () => {
    const gcp = await failure(withUser({ "auth-provider": { name: "gcp" } }));
    expect(gcp.message).toBe(
      `the auth-provider "gcp" is no longer supported (${join(dir, "config")}: users[alice].auth-provider.name)`,
    );
    expect(gcp.suggestions).toEqual([
      "install gke-gcloud-auth-plugin and use an exec user (`gcloud container clusters get-credentials` writes one)",
    ]);
    expect((await failure(withUser({ "auth-provider": { name: "azure" } }))).suggestions).toEqual([
      "install kubelogin and convert the kubeconfig with `kubelogin convert-kubeconfig`",
    ]);
    expect((await failure(withUser({ "auth-provider": { name: "custom" } }))).suggestions).toEqual([
      "use an exec credential plugin instead",
    ]);
  });

  it("an empty token is no token; a user with nothing is anonymous", async () => {
    const credentials = await (await resolveWith(withUser({ token: "" }))).credentials.get();
    expect(credentials.token).toBeUndefined();
    expect(credentials.basic).toBeUndefined();
  });

  it("a username alone is basic auth with an empty password, as kubectl sends it (client-go HasBasicAuth)", async () => {
    const credentials = await (await resolveWith(withUser({ username: "alice" }))).credentials.get();
    expect(credentials.basic).toEqual({ username: "alice", password: "" });
  });

  it("credential ids differ between users and never contain the secret", async () => {
    const a = await resolveWith(base);
    const b = await resolveWith(base, { context: "second" });
    expect(a.credentials.id).not.toBe(b.credentials.id);
    expect(a.credentials.id).not.toContain("alice-token");
    expect(b.credentials.id).not.toContain("bob-password");
  });
});

describe("impersonation", () => {
  const impersonating: KubeConfigObject = {
    ...base,
    users: [
      {
        name: "alice",
        user: {
          token: "t",
          as: "jane",
          "as-groups": ["dev"],
          "as-uid": "42",
          "as-user-extra": { scopes: ["view"] },
        },
      },
    ],
  };

  it("comes from the user and each given option replaces its field", async () => {
    expect((await resolveWith(impersonating)).impersonate).toEqual({
      user: "jane",
      groups: ["dev"],
      uid: "42",
      extra: { scopes: ["view"] },
    });
    expect(
      (
        await resolveWith(impersonating, {
          impersonate: { user: "root", uid: "0", extra: { reason: ["x"] } },
        })
      ).impersonate,
    ).toEqual({ user: "root", groups: ["dev"], uid: "0", extra: { reason: ["x"] } });
  });

  it("empty lists impersonate nothing", async () => {
    const empty = {
      ...base,
      users: [{ name: "alice", user: { token: "t", "as-groups": [], "as-user-extra": {} } }],
    };
    expect((await resolveWith(empty)).impersonate).toBeUndefined();
  });

  it("an explicit url impersonates only what the options say", async () => {
    const connection = await resolveConnection({
      url: "https://h:6443/",
      impersonate: { user: "u", groups: ["g"] },
      env: {},
    });
    expect(connection).toMatchObject({
      server: "https://h:6443",
      namespace: "default",
      impersonate: { user: "u", groups: ["g"] },
    });
    // Groups without a user: refused, as kubectl refuses `--as-group` without `--as`.
    await expect(
      resolveConnection({ url: "https://h:6443/", impersonate: { groups: ["g"] }, env: {} }),
    ).rejects.toThrow("requesting uid, groups or user-extra for  without impersonating a user");
    const error = (await resolveConnection({ url: "not a url", env: {} }).catch(
      (e: unknown) => e,
    )) as KubeConfigError;
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toBe("the url option is not an http(s) URL or a host:port");
    expect((await resolveConnection({ url: "https://h", namespace: "web", env: {} })).namespace).toBe("web");
  });
});
