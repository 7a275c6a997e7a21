# Sourced by bench/reliability/run and bench/capacity/run: what both need before their Node runner starts.
# prepare_bench NAME ROOT puts Node and npm in place (apt-get as root when missing), builds the jar with
# `bin/engine build` when src/main is newer, fetches what `bin/engine serve` prepares (once, so that no start waits
# for a download) and copies ../shared/harness to ROOT/target/NAME/harness with its one dependency installed.
# Sets HARNESS to that copy.
prepare_bench() {
  local name="$1" root="$2"
  local src="$root/../shared/harness"
  HARNESS="$root/target/$name/harness"

  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "$name: installing Node.js and npm with apt-get" >&2
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
        nodejs npm >/dev/null
    else
      echo "$name: Node.js 20+ and npm are needed (apt-get install nodejs npm)" >&2
      return 1
    fi
  fi

  if [ ! -f "$src/fake-providers.mjs" ]; then
    echo "$name: $src/fake-providers.mjs is missing (the harness lives in ../shared/harness)" >&2
    return 1
  fi

  # the jar as bin/engine builds it, only when the sources are newer
  if [ ! -f "$root/target/engine.jar" ] \
     || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$root/target/engine.jar" -type f -print -quit)" ]; then
    echo "$name: building the engine (bin/engine build)" >&2
    mkdir -p "$root/target"
    "$root/bin/engine" build >"$root/target/$name-build.log" 2>&1 || {
      tail -30 "$root/target/$name-build.log" >&2
      return 1
    }
  fi

  # what `bin/engine serve` prepares before each start (idempotent; neither is fatal)
  "$root/bin/fetch-silero" >/dev/null 2>&1 || echo "$name: no Silero model; the engines will use the energy VAD" >&2
  "$root/bin/install-offline" >/dev/null 2>&1 || true

  mkdir -p "$HARNESS"
  tar -C "$src" --exclude=./node_modules -cf - . | tar -C "$HARNESS" -xf -
  chmod -R u+w "$HARNESS"
  if [ ! -d "$HARNESS/node_modules/ws" ]; then
    (cd "$HARNESS" && npm install --no-audit --no-fund >/dev/null)
  fi
}

# run_bounded SECONDS COMMAND...: runs the Node runner under timeout, ending it (and so its children, which it
# stops on SIGTERM) when this shell is interrupted.
run_bounded() {
  local limit="$1"
  shift
  BENCH_NODE_PID=""
  # shellcheck disable=SC2317 # called by the traps, also after this function has returned
  _bench_cleanup() {
    if [ -n "${BENCH_NODE_PID:-}" ] && kill -0 "$BENCH_NODE_PID" 2>/dev/null; then
      kill -TERM "$BENCH_NODE_PID" 2>/dev/null || true
      wait "$BENCH_NODE_PID" 2>/dev/null || true
    fi
  }
  trap _bench_cleanup EXIT
  trap '_bench_cleanup; exit 130' INT TERM
  timeout -k 30 "$limit" "$@" &
  BENCH_NODE_PID=$!
  wait "$BENCH_NODE_PID"
}
