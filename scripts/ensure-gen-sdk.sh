#!/usr/bin/env bash
# Builds scripts/gen-sdk (Python and Go SDKs from schema.json with Pulumi's own code generators) once,
# into the engine cache, and prints the directory holding it (last line of stdout).
#
# With a Pulumi install, `pulumi package gen-sdk schema.json --language python|go|dotnet` does the same
# through the language plugins it ships. Those plugins cannot be had here (their Go modules have no
# release tags, so the module proxy does not serve them), but the generators they call are part of the
# engine's module, whose dependencies scripts/ensure-pulumi.sh already fetched: this builds against it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
PULUMI_ENGINE_VERSION="${PULUMI_ENGINE_VERSION:-v3.276.0}"
cache_root="${PULUMI_HARBOR_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-harbor-robots/engine}"
engine_src="$cache_root/$PULUMI_ENGINE_VERSION/src"
log() { printf '[gen-sdk] %s\n' "$*" >&2; }

# Keyed by the source, so an edited generator is rebuilt.
key=$( (cat "$here/gen-sdk/main.go"; echo "$PULUMI_ENGINE_VERSION") | sha256sum | cut -c1-12)
out="$cache_root/gen-sdk-$key"
if [ -x "$out/bin/gen-sdk" ]; then
  echo "$out/bin"
  exit 0
fi
command -v go >/dev/null 2>&1 || { log "Go is not installed: cannot build the SDK generator"; exit 1; }
if [ ! -f "$engine_src/go.mod" ]; then
  PULUMI_HARBOR_FORCE_BUILD=1 bash "$here/ensure-pulumi.sh" >/dev/null
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-gen-sdk"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -x "$out/bin/gen-sdk" ]; then
  echo "$out/bin"
  exit 0
fi
start=$(date +%s)
log "building the SDK generator against the engine's module (once; cached in $out)"
rm -rf "$out"; mkdir -p "$out/src" "$out/bin"
cp "$engine_src/go.mod" "$engine_src/go.sum" "$here/gen-sdk/main.go" "$out/src/"
(cd "$out/src" && GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0 go build -trimpath -o "$out/bin/gen-sdk" .)
log "built in $(( $(date +%s) - start ))s"
echo "$out/bin"
