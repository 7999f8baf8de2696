#!/usr/bin/env bash
# Applies the project's two fixes to a writable copy of the kwok module source (argument: its directory).
# Both are kwok bugs that make `kubectl exec` unlike a real kubelet; each edit is checked, so a kwok
# upgrade whose source no longer matches fails the build loudly instead of silently dropping a fix.
#  1. exit codes: wrap the result of running an exec'd command with kr8sExitCode (kr8s_exit_code.go).
#  2. stdin EOF: close the command's stdin pipe when the client's stdin ends (else `exec -i -- cat` hangs).
set -euo pipefail
src=$1
here=$(cd "$(dirname "$0")" && pwd)

replace() { # file perl-substitution expected-count
  local file=$src/$1 count
  count=$(perl -0777 -ne "print scalar($2) || 0" "$file")
  if [[ "$count" != "$3" ]]; then
    echo "kwok patch: expected $3 match(es) of $2 in $1, found $count" >&2
    exit 1
  fi
  perl -0777 -pi -e "$2" "$file"
}

grep -v '^//go:build ignore$' "$here/kr8s_exit_code.go" >"$src/pkg/kwok/server/kr8s_exit_code.go"
replace pkg/kwok/server/debugging_exec.go 's/exec\.Exec\(ctx, cmd\[0\], cmd\[1:\]\.\.\.\)/kr8sExitCode($&)/g' 1
replace pkg/kwok/server/debugging_exec_other.go 's/exec\.Exec\(ctx, cmd\[0\], cmd\[1:\]\.\.\.\)/kr8sExitCode($&)/g' 1
replace pkg/utils/exec/exec.go 's/_, _ = io\.Copy\(inPipe, opt\.In\)/$&\n\t\t\t\t_ = inPipe.Close()/g' 1
