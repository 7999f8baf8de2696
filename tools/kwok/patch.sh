#!/usr/bin/env bash
# Applies the project's three fixes to a writable copy of the kwok module source (argument: its directory).
# All are kwok bugs that make `kubectl exec` unlike a real kubelet; each edit is checked, so a kwok
# upgrade whose source no longer matches fails the build loudly instead of silently dropping a fix.
#  1. exit codes: wrap the result of running an exec'd command with kr8sExitCode (kr8s_exit_code.go).
#  2. stdin EOF: close the command's stdin pipe when the client's stdin ends (else `exec -i -- cat` hangs).
#  3. TTY without stdin: an exec with tty=true and no stdin (allowed by the API and served by a real kubelet;
#     kubectl 1.32 never sends it, it drops -t without -i, but API clients can) made kwok read from a nil
#     stdin in the terminal's copy loop: a nil-pointer panic that killed kwok-controller. The terminal now
#     gets an empty stdin, as a real runtime gives a TTY nobody types into.
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
replace pkg/kwok/server/debugging_exec_other.go 's/(\n(\t+)stm := struct \{)/\n$2if in == nil {\n$2\tin = io.MultiReader() \/\/ kr8s: tty without stdin\n$2}$1/g' 1
