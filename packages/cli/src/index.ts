// @kr8s/cli is used through its `kr8s` binary; the package entry exposes oclif's runner for embedding.
export { run } from "@oclif/core";
