#!/usr/bin/env bash
# Makes sure the Pulumi YAML language host (pulumi-language-yaml) is available and prints the directory
# that holds it (last line of stdout). Only tests and demos that run YAML programs call this.
#
# - `pulumi-language-yaml` already on PATH (a real Pulumi install ships it): use it, never build.
# - otherwise build it from its Go module at a pinned version, once, into a cache beside the engine
#   (scripts/ensure-pulumi.sh). It is built with the Pulumi SDK version its own go.mod pins: the YAML
#   host speaks the engine's gRPC protocol, which is stable across releases, while the Go API it
#   compiles against is not (v1.25.0 does not compile against the engine's v3.276.0 packages).
#
# Progress goes to stderr so that callers can capture the directory from stdout.
set -euo pipefail

PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
cache_root="${PULUMI_HARBOR_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-harbor-robots/engine}"
out="$cache_root/language-yaml-$PULUMI_YAML_VERSION"
log() { printf '[language-yaml] %s\n' "$*" >&2; }

if [ -z "${PULUMI_HARBOR_FORCE_BUILD:-}" ] && command -v pulumi-language-yaml >/dev/null 2>&1; then
  log "using pulumi-language-yaml from PATH: $(command -v pulumi-language-yaml)"
  dirname "$(command -v pulumi-language-yaml)"
  exit 0
fi

cached() { [ -x "$out/bin/pulumi-language-yaml" ] && [ -f "$out/bin/.complete" ]; }
if cached; then
  log "using cached pulumi-language-yaml $PULUMI_YAML_VERSION at $out/bin"
  echo "$out/bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  log "pulumi-language-yaml is not on PATH and Go is not installed: install Pulumi (it ships the YAML host) or Go"
  exit 1
}

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-language-yaml"
if command -v flock >/dev/null 2>&1; then flock 9; fi # util-linux; absent on macOS (then no lock)
if cached; then
  log "using cached pulumi-language-yaml $PULUMI_YAML_VERSION at $out/bin"
  echo "$out/bin"
  exit 0
fi

start=$(date +%s)
log "building pulumi-language-yaml $PULUMI_YAML_VERSION from Go modules (once; cached in $out)"
rm -rf "$out"; mkdir -p "$out/bin"
ld="-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$PULUMI_YAML_VERSION"
GOBIN="$out/bin" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}" \
  go install -trimpath -ldflags "$ld" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$PULUMI_YAML_VERSION"
touch "$out/bin/.complete"
log "built pulumi-language-yaml $PULUMI_YAML_VERSION in $(( $(date +%s) - start ))s"
echo "$out/bin"
