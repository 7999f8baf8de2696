//go:build ignore

// Copied into kwok's pkg/kwok/server by tools/kwok/patch.sh at build time (the build tag above keeps it
// out of any build here). kwok v0.7.0 returns a wrapped *os/exec.ExitError from exec, but the kubelet
// streaming server only reports an exit code for errors that ARE a k8s.io/utils/exec.ExitError (a type
// assertion, not errors.As). Without this, `kubectl exec -- sh -c 'exit 3'` fails with "Internal error
// occurred ... exit status 3" and exit code 1 instead of exiting 3.

package server

import (
	"errors"
	osexec "os/exec"

	utilexec "k8s.io/utils/exec"
)

// kr8sExitCode turns a command's non-zero exit into the error type the kubelet streaming server
// reports as NonZeroExitCode with the exit code; other errors and nil pass through.
func kr8sExitCode(err error) error {
	var exitErr *osexec.ExitError
	if errors.As(err, &exitErr) && exitErr.Exited() {
		return utilexec.CodeExitError{Err: err, Code: exitErr.ExitCode()}
	}
	return err
}
