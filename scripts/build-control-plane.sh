#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok and kwokctl from Go modules
# (see tools/*/go.mod) into a cache directory keyed by the versions, and prints that directory.
# A cached build is reused; a failed build leaves nothing behind in the cache.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../tools/versions.env
source "$root/tools/versions.env"

cache=${KR8S_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kr8s}
go_version=$(go env GOVERSION)
# kwok is built with the project's patches (tools/kwok/patch.sh); their content is part of the key.
kwok_patch=$(cat "$root"/tools/kwok/* | sha256sum | cut -c1-8)
bin_dir="$cache/bin/k8s-$K8S_VERSION.etcd-$ETCD_VERSION.kwok-$KWOK_VERSION-p$kwok_patch.$go_version"
binaries=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok kwokctl)

complete() { for b in "${binaries[@]}"; do [[ -x "$bin_dir/$b" ]] || return 1; done; }
if complete; then echo "$bin_dir"; exit 0; fi

export GOMODCACHE="$cache/go/mod" GOCACHE="$cache/go/build" GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
mkdir -p "$cache/bin"
staging=$(mktemp -d "$cache/bin/.build.XXXXXX")
trap 'rm -rf "$staging"' EXIT
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  stamp+=" -X $pkg.gitCommit=$K8S_COMMIT -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
flags=(-trimpath -buildvcs=false -tags selinux,notest,grpcnotrace)

log "building kube-apiserver, kube-controller-manager, kube-scheduler $K8S_VERSION (cold: about 10 min on 2 cores)"
(cd "$root/tools/k8s" && go build "${flags[@]}" -ldflags "-s -w$stamp" -o "$staging/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler) \
  || { log "FAILED: go build of the Kubernetes components (tools/k8s)"; exit 1; }

log "building etcd $ETCD_VERSION"
(cd "$root/tools/etcd" && go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$staging/etcd" go.etcd.io/etcd/server/v3) \
  || { log "FAILED: go build of etcd (tools/etcd)"; exit 1; }

log "building kwokctl $KWOK_VERSION"
GOBIN="$staging" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION" \
  || { log "FAILED: go install of kwokctl $KWOK_VERSION"; exit 1; }

# kwok (the controller that serves exec/logs/port-forward) from a patched copy of its module source:
# tools/kwok/patch.sh fixes exec exit codes, stdin EOF and a TTY without stdin (see the comments there).
log "building kwok $KWOK_VERSION with tools/kwok patches"
kwok_mod=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') \
  || { log "FAILED: go mod download sigs.k8s.io/kwok@$KWOK_VERSION"; exit 1; }
[[ -d "$kwok_mod" ]] || { log "FAILED: go mod download sigs.k8s.io/kwok@$KWOK_VERSION gave no source directory"; exit 1; }
cp -R "$kwok_mod" "$staging/kwok-src" && chmod -R u+w "$staging/kwok-src"
bash "$root/tools/kwok/patch.sh" "$staging/kwok-src" || { log "FAILED: tools/kwok/patch.sh no longer applies to kwok $KWOK_VERSION"; exit 1; }
(cd "$staging/kwok-src" && go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$staging/kwok" ./cmd/kwok) \
  || { log "FAILED: go build of patched kwok $KWOK_VERSION"; exit 1; }
rm -rf "$staging/kwok-src"

"$staging/kube-apiserver" --version | grep -q "$K8S_VERSION" || { log "FAILED: kube-apiserver is not stamped $K8S_VERSION"; exit 1; }
mkdir -p "$(dirname "$bin_dir")"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
log "done: $bin_dir"
echo "$bin_dir"
