// kubectl reads kubeconfigs with YAML 1.1 rules (go-yaml). Regression: a context named `y` written
// unquoted is a boolean to kubectl ("cannot unmarshal bool into ... contexts.name"), so the editor must
// quote it, and the reader must read `yes`/`on` the way kubectl does.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKubeConfigEditor } from "./edit.ts";
import { parseKubeConfig } from "./kubeconfig.ts";

describe("kubeconfig YAML follows kubectl's YAML 1.1", () => {
  it("quotes new names that YAML 1.1 would read as booleans", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kr8s-yaml11-")), "config");
    await writeFile(file, "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n");
    const editor = createKubeConfigEditor({ kubeconfig: file });
    await editor.setCluster("on", { server: "https://127.0.0.1:6443" });
    await editor.setContext("y", { cluster: "on", namespace: "no" });
    await editor.useContext("y");
    const text = await readFile(file, "utf8");
    expect(text).toContain('name: "y"');
    expect(text).toContain('cluster: "on"');
    expect(text).toContain('namespace: "no"');
    expect(text).toContain('current-context: "y"');
  });

  it("reads yes/no as booleans, like kubectl", () => {
    const config = parseKubeConfig(
      "clusters:\n- name: c\n  cluster:\n    server: https://h\n    insecure-skip-tls-verify: yes\n",
    );
    expect(config.clusters?.[0]?.cluster["insecure-skip-tls-verify"]).toBe(true);
  });
});
