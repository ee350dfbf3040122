# Quiet build phases for the scripts that build tools from Go modules (sourced, not run): one short
# line per phase on stderr ("downloading Go modules…", "… done in 42 s"), the full output of every
# command in one log file whose path is printed first, and shown in full only when a phase fails.
#
#   . "$(dirname "${BASH_SOURCE[0]}")/build-steps.sh"
#   build_begin "[engine]" "$cache_root/pulumi-v3.276.0.build.log"
#   build_phase "downloading Go modules" go get …
#   build_end "built pulumi v3.276.0"          # "… in 95 s"

build_note() { printf '%s %s\n' "$BUILD_TAG" "$*" >&2; }

# build_begin TAG LOGFILE: start the log (kept outside the build directory, so a failed build keeps it).
build_begin() {
  BUILD_TAG=$1
  BUILD_LOG=$2
  BUILD_START=$(date +%s)
  mkdir -p "$(dirname "$BUILD_LOG")"
  : >"$BUILD_LOG"
  build_note "full build output: $BUILD_LOG"
}

# build_phase LABEL COMMAND [ARGS…]: run COMMAND (a program or a shell function) with its output in
# the log. `set -e` holds inside it (a subshell outside any `if`); on failure the whole log is shown
# and the calling script exits with the command's status.
build_phase() {
  local label=$1 started rc
  shift
  started=$(date +%s)
  build_note "$label…"
  printf '\n=== %s (%s)\n' "$label" "$*" >>"$BUILD_LOG"
  set +e
  (
    set -e
    "$@"
  ) >>"$BUILD_LOG" 2>&1
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    build_note "$label failed (exit $rc) after $(($(date +%s) - started)) s; the full output of $BUILD_LOG follows:"
    cat "$BUILD_LOG" >&2
    build_note "$label failed (exit $rc); full output above and in $BUILD_LOG"
    exit "$rc"
  fi
  build_note "$label: done in $(($(date +%s) - started)) s"
}

# build_end SUMMARY: the closing line, with the time since build_begin.
build_end() {
  build_note "$1 in $(($(date +%s) - BUILD_START)) s (log: $BUILD_LOG)"
}
