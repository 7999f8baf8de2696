#!/usr/bin/env bash
# Records packages/cli/docs/get-watch.md and get-watch.cast: frames of `kr8s get deploy,po -w` captured from
# a real terminal (a detached tmux pane, 110x20) while a Deployment is scaled up and down and a pod is
# deleted — as text for the page, and with their colours as an asciinema v2 cast (`asciinema play`).
# Needs a cluster that runs pods (the local control plane's KWOK does): KUBECONFIG points at it.
#   KUBECONFIG=/path/to/kubeconfig scripts/record-get-watch.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$root/packages/cli/docs/get-watch.md}
cast=${out%.md}.cast
work=$(mktemp -d)
ns=kr8s-get-watch-demo
: "${KUBECONFIG:?KUBECONFIG must name the cluster to record on}"

tmux_() { tmux -S "$work/tmux.socket" -f /dev/null "$@"; }
cleanup() {
  tmux_ kill-server 2>/dev/null || true
  rm -rf "$work"
  kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

kubectl delete namespace "$ns" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$ns" >/dev/null
kubectl -n "$ns" create deployment web --image=nginx --replicas=2 >/dev/null
kubectl -n "$ns" rollout status deployment/web --timeout=120s >/dev/null

tmux_ new-session -d -s rec -x 110 -y 20 -e "KUBECONFIG=$KUBECONFIG" \
  "env -i PATH=\"\$PATH\" HOME=\"\$HOME\" KUBECONFIG=\"\$KUBECONFIG\" TERM=xterm-256color PS1='\$ ' bash --norc --noprofile"
# What runs is the CLI from its sources (KR8S_BIN: another entry point), under the name a user types.
bin=${KR8S_BIN:-$root/packages/cli/bin/dev.js}
tmux_ send-keys -t rec -l "kr8s() { $(command -v node) --conditions=@kr8s/source $bin \"\$@\"; }; clear; kr8s get deploy,po -w -n $ns"
tmux_ send-keys -t rec Enter

frames=()
captions=()
matches() { # screen, patterns…: whether the screen has a line matching each pattern
  local screen=$1 pattern
  shift
  for pattern in "$@"; do grep -Eq -- "$pattern" <<<"$screen" || return 1; done
}
frame() { # caption, patterns…: wait until the screen matches every pattern, then capture it
  local caption=$1 screen
  shift
  for _ in $(seq 1 300); do
    screen=$(tmux_ capture-pane -p -t rec)
    if matches "$screen" "$@"; then
      tmux_ capture-pane -p -e -t rec >"$work/${#frames[@]}.ansi"
      date +%s.%N >"$work/${#frames[@]}.time"
      frames+=("$screen")
      captions+=("$caption")
      return
    fi
    sleep 0.2
  done
  echo "no frame matched $*; last screen:" >&2
  echo "$screen" >&2
  exit 1
}

frame "Started: the rows of both types, as \`kr8s get\` prints them." "^  web +2/2" "^pod \\(2\\)"
kubectl -n "$ns" scale deployment/web --replicas=4 >/dev/null
frame "\`kubectl scale deployment/web --replicas=4\`: the counts go up (↑, green in colour), new pods come in with \`+\`." "^  web +4/4 ↑"
sleep 6
frame "Five seconds later the marks have faded; the ages keep ticking." "^  web +4/4 +4 +4 "
kubectl -n "$ns" scale deployment/web --replicas=1 >/dev/null
frame "\`kubectl scale deployment/web --replicas=1\`: the counts go down (↓, red in colour); the pods that go are struck through with \`-\`." "^  web +1/1 ↓.*|^- web-"
pod=$(kubectl -n "$ns" get pods -o name | head -1 | cut -d/ -f2)
sleep 6
kubectl -n "$ns" delete pod "$pod" --wait=false >/dev/null
frame "\`kubectl delete pod $pod\`: it is struck through for five seconds, then goes; its replacement comes in with \`+\`, and the Deployment's counts move as it replaces it." "^\\+ web-"
sleep 6
frame "Settled." "^  web +1/1 +1 +1 "
tmux_ send-keys -t rec q
sleep 1
frame "\`q\`: the shell's screen is back as it was." "^\\\$ ?$"

{
  echo "# \`kr8s get -w\` on a terminal"
  echo
  echo "Frames of a real session (110x20 terminal), captured with \`tmux capture-pane\` by"
  echo "\`scripts/record-get-watch.sh\` on the project's local control plane. The same frames in colour:"
  echo "[get-watch.cast](get-watch.cast) (\`asciinema play packages/cli/docs/get-watch.cast\`)."
  echo "In colour, \`↑\` cells are green, \`↓\` red, \`Δ\` yellow; added rows bold green, deleted rows dimmed and"
  echo "struck through. See the [README](../README.md#get--w-on-a-terminal-the-live-view) for the rules."
  for i in "${!frames[@]}"; do
    echo
    echo "${captions[$i]}"
    echo
    echo '```text'
    sed -e 's/[[:space:]]*$//' <<<"${frames[$i]}" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
    echo '```'
  done
} >"$out"
python3 - "$work" "${#frames[@]}" >"$cast" <<'PY'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
print(json.dumps({"version": 2, "width": 110, "height": 20, "env": {"TERM": "xterm-256color"}}))
start = None
for i in range(count):
    at = float(open(f"{work}/{i}.time").read())
    start = at if start is None else start
    screen = open(f"{work}/{i}.ansi").read().rstrip("\n").split("\n")
    print(json.dumps([round(at - start, 3), "o", "\u001b[H\u001b[2J" + "\r\n".join(screen) + "\u001b[0m"]))
PY
echo "wrote $out and $cast"
