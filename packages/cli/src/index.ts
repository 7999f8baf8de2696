// @kr8s/cli is used through its `kr8s` binary; the package entry exposes oclif's runner for embedding (and
// bin/run.js runs the bundled copy of oclif through it, the copy the commands extend).
export { execute, run, settings } from "@oclif/core";
