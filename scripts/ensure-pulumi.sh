#!/usr/bin/env bash
# Makes sure a Pulumi CLI is available and prints the directory that holds it (last line of stdout).
#
# - `pulumi` already on PATH (a real user's install): use it, never build.
# - otherwise build the CLI and the Node.js language host from Go modules at a pinned version, once,
#   into a cache outside the work tree, keyed by version. The Pulumi CLI cannot be downloaded on the
#   machines this project is developed on, but the Go module proxy is reachable.
#
# Progress goes to stderr (one line per build phase; the Go output goes to a log file, shown in full
# only when the build fails) so that callers can capture the directory from stdout.
set -euo pipefail

PULUMI_ENGINE_VERSION="${PULUMI_ENGINE_VERSION:-v3.276.0}"
cache_root="${PULUMI_HARBOR_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-harbor-robots/engine}"
out="$cache_root/$PULUMI_ENGINE_VERSION"
log() { printf '[engine] %s\n' "$*" >&2; }

if [ -z "${PULUMI_HARBOR_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  log "using pulumi from PATH: $(command -v pulumi)"
  dirname "$(command -v pulumi)"
  exit 0
fi

if [ -x "$out/bin/pulumi" ] && [ -f "$out/bin/.complete" ]; then
  log "using cached engine $PULUMI_ENGINE_VERSION at $out/bin"
  echo "$out/bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "pulumi is not on PATH and Go is not installed: install one of them"; exit 1; }

# One builder at a time (tests and the demo may start together).
mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
if command -v flock >/dev/null 2>&1; then # util-linux; absent on macOS (then no lock)
  flock -n 9 || { log "another process is building the engine; waiting for it"; flock 9; }
fi
if [ -x "$out/bin/pulumi" ] && [ -f "$out/bin/.complete" ]; then
  log "using cached engine $PULUMI_ENGINE_VERSION at $out/bin"
  echo "$out/bin"
  exit 0
fi

# shellcheck source=scripts/build-steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/build-steps.sh"
log "pulumi is not on PATH: building the Pulumi engine $PULUMI_ENGINE_VERSION from Go modules (once; cached in $out)"
log "this downloads ~300 Go modules and compiles for several minutes on 2 cores"
build_begin "[engine]" "$cache_root/pulumi-$PULUMI_ENGINE_VERSION.build.log"
src="$out/src"
rm -rf "$out"; mkdir -p "$src" "$out/bin"
cd "$src"
export GOFLAGS="${GOFLAGS:--buildvcs=false} -mod=mod"
V="$PULUMI_ENGINE_VERSION"

# `go install pkg@v` refuses modules with replace directives, so repeat upstream's non-local replaces here.
upstream_replaces() {
  go mod init local/pulumi-engine
  for m in github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3; do
    json=$(go mod download -json "$m@$V") || { echo "$json"; exit 1; } # the error is in the JSON
    modfile=$(printf '%s\n' "$json" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    # replace lines look like: `replace a => b v` or inside a replace ( ... ) block: `a => b v`
    sed -n 's/^\(replace \)\{0,1\}[[:space:]]*\([^[:space:]]*\)\( [^[:space:]]*\)\{0,1\} => \([^.[:space:]][^[:space:]]*\) \(v[^[:space:]]*\)$/\2=\4@\5/p' "$modfile" \
      | while read -r r; do echo "replace $r"; go mod edit -replace "$r"; done
  done
}
build_phase "resolving the Pulumi modules $V" upstream_replaces
build_phase "downloading Go modules" \
  sh -c 'go get "github.com/pulumi/pulumi/pkg/v3@$1" "github.com/pulumi/pulumi/sdk/v3@$1" && go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$1"' _ "$V"

# The Node.js language host (pulumi-language-nodejs) is its own Go module with no release tags, and the
# module proxy reachable here serves tagged versions only (403 "This module version is not available"
# for commit pseudo-versions), so it is not built. Programs run through the Automation API, which serves
# the language runtime from the Node process itself; a real Pulumi install brings its own language host.
ld="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$V"
build_phase "compiling pulumi" \
  env CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ld" -o "$out/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# The dynamic provider plugin is a shell shim shipped in the @pulumi/pulumi npm package; it resolves
# the dynamic provider from the program directory's node_modules, so one copy serves every project.
cat > "$out/bin/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/bin/sh
# Same as the shim in the @pulumi/pulumi npm package: run the dynamic provider of the program's node_modules.
PATH_FOUND=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
exec node "$PATH_FOUND" "$@"
SHIM
chmod +x "$out/bin/pulumi-resource-pulumi-nodejs"
build_phase "checking the built CLI" "$out/bin/pulumi" version
touch "$out/bin/.complete"
build_end "built pulumi $("$out/bin/pulumi" version) ($(du -sh "$out/bin" | cut -f1))"
echo "$out/bin"
