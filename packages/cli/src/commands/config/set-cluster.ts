import { Args, Flags } from "@oclif/core";
import type { ClusterUpdate } from "@kr8s/core";
import { Kr8sCommand } from "../../base-command.ts";
import { embedFile, kubeConfigError, openKubeConfig } from "../../kubeconfig-editor.ts";
import type { CompletionSpec } from "../../completion/spec.ts";
import { helpThenUnexpectedArgs } from "../../wrong-args.ts";

export default class ConfigSetCluster extends Kr8sCommand<typeof ConfigSetCluster> {
  static override args = { name: Args.string({ description: "The cluster entry to set.", required: true }) };
  static completion: CompletionSpec = { args: { source: "clusters", max: 1 } };
  static override description =
    "Set a cluster entry in kubeconfig. Specifying a name that already exists will merge new fields on top of existing values for those fields. As in kubectl, a CA file clears embedded CA data and insecure mode, and insecure mode clears the CA.";
  static override examples = [
    "<%= config.bin %> <%= command.id %> e2e --server=https://1.2.3.4",
    "<%= config.bin %> <%= command.id %> e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt",
    "<%= config.bin %> <%= command.id %> e2e --insecure-skip-tls-verify=true",
    "<%= config.bin %> <%= command.id %> e2e --tls-server-name=my-cluster-name",
    "<%= config.bin %> <%= command.id %> e2e --proxy-url=https://1.2.3.4",
  ];
  static override flags = {
    "certificate-authority": Flags.string({
      description: "Path to certificate-authority file for the cluster entry in kubeconfig",
    }),
    "embed-certs": Flags.boolean({
      allowNo: true,
      description: "embed-certs for the cluster entry in kubeconfig",
    }),
    "insecure-skip-tls-verify": Flags.boolean({
      allowNo: true,
      description: "insecure-skip-tls-verify for the cluster entry in kubeconfig",
    }),
    "proxy-url": Flags.string({ description: "proxy-url for the cluster entry in kubeconfig" }),
    server: Flags.string({ description: "server for the cluster entry in kubeconfig" }),
    "tls-server-name": Flags.string({ description: "tls-server-name for the cluster entry in kubeconfig" }),
  };
  static override summary = "Set a cluster entry in kubeconfig.";
  static override wrongArgs = helpThenUnexpectedArgs;

  async run(): Promise<void> {
    const name = this.positionals[0] ?? "";
    const flags = this.flags;
    if (name === "") throw await kubeConfigError("you must specify a non-empty cluster name");
    if (flags["insecure-skip-tls-verify"] && flags["certificate-authority"]) {
      throw await kubeConfigError(
        "you cannot specify a certificate authority and insecure mode at the same time",
      );
    }
    if (flags["embed-certs"] && !flags["certificate-authority"]) {
      throw await kubeConfigError("you must specify a --certificate-authority to embed");
    }
    const update: ClusterUpdate = {};
    if (flags.server !== undefined) {
      update.server = flags.server || null;
      // kubectl: a new --server voids the entry's tls-server-name (unless one is given with it).
      update["tls-server-name"] = null;
    }
    if (flags["tls-server-name"] !== undefined) update["tls-server-name"] = flags["tls-server-name"] || null;
    if (flags["proxy-url"] !== undefined) update["proxy-url"] = flags["proxy-url"] || null;
    const insecure = flags["insecure-skip-tls-verify"];
    if (insecure !== undefined) {
      update["insecure-skip-tls-verify"] = insecure || null;
      // kubectl: insecure mode clears any certificate authority.
      if (insecure)
        Object.assign(update, { "certificate-authority": null, "certificate-authority-data": null });
    }
    const ca = flags["certificate-authority"];
    if (ca) {
      update["insecure-skip-tls-verify"] = null;
      if (flags["embed-certs"]) {
        update["certificate-authority-data"] = await embedFile(ca, "certificate-authority");
        update["certificate-authority"] = null;
      } else {
        update["certificate-authority"] = ca;
        update["certificate-authority-data"] = null;
      }
    }
    await (await openKubeConfig(this.flags)).setCluster(name, update);
    this.log(`Cluster ${JSON.stringify(name)} set.`);
  }
}
