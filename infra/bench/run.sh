#!/usr/bin/env bash
# Benchmarks (docs/performance.md). Builds what it needs, then prints Markdown tables (also
# written to infra/bench/<build dir>/results.md). Not part of mvn verify. Sections:
#   users:  the Users function (issue 2), about 8 minutes on 2 cores; the same as its four parts
#           sizes (artifact sizes), cold (cold start), warm (warm latency), clients (SDK HTTP
#           clients), which can be named alone
#   groups: Groups (issue 4), about 5 to 7 minutes
#   http:   the IdP mix through real sockets on scim-local.jar (issue 15): nodelay off, memory,
#           Dynoxide (installed by a test run), about 90 s; HTTP_ARGS adds options (e.g. "--threads
#           16"); not run by default
#   faults: the fault harness (issue 12), about 80 s; not run by default (FAULTS_ARGS overrides
#           "--clients 6 --seconds 60 --seed 1")
#
#   infra/bench/run.sh                 # every section
#   infra/bench/run.sh users           # one section
#   infra/bench/run.sh warm clients    # parts of the users section
#   SAMPLES=3 ITERATIONS=1000 infra/bench/run.sh users    # a quick look
#   SKIP_BUILD=1 infra/bench/run.sh    # reuse the jars of the last build
#
# BUILD_DIR_NAME picks the build directory (mvn -DbuildDirName, default target); MAVEN_ARGS adds
# Maven options (e.g. "-o -Dspotless.skip=true" in a checkout shared with others).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DIR=${BUILD_DIR_NAME:-target}
SAMPLES=${SAMPLES:-10}
ITERATIONS=${ITERATIONS:-3000}
SECTIONS=${*:-users groups}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
part() { want users || want "$1"; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
  mvn -B -ntp -q package -DskipTests -Pshrink -DbuildDirName="$DIR" ${MAVEN_ARGS:-}
fi

FUNCTIONS=functions/handlers/$DIR/scim-functions.jar
LOCAL=infra/local/$DIR/scim-local.jar
BENCH=infra/bench/$DIR
BENCH_JAR=$BENCH/scim-bench.jar
DYNOXIDE_HELPER=$(ls "$BENCH"/lib/scim-store-*-tests.jar)
RESULTS=$BENCH/results.md
C1="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"

# Orchestrators run on the function's jar plus the bench jar and the Dynoxide helper.
bench() {
  java -Drepo.root="$ROOT" -cp "$FUNCTIONS:$BENCH_JAR:$DYNOXIDE_HELPER" "$@" 2> >(grep -v '^SLF4J' >&2)
}
# the jars an HTTP client adds to the function's (none for apache5, the functions' own)
clients_cp() {
  local dir=$BENCH/clients/$1
  if [[ -d $dir ]]; then ls "$dir"/*.jar | tr '\n' ':'; fi
}

{
  echo "### Machine"
  echo
  echo '```'
  echo "nproc: $(nproc)"
  java -version 2>&1
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo '```'

  V=$BENCH/variants
  if part sizes; then
  echo
  echo "### Artifact sizes"
  bench dev.scimserverless.bench.JarSizes \
    --jars "$FUNCTIONS,$LOCAL,$V/scim-functions-same.jar,$V/scim-functions-full.jar,$V/scim-functions-minimized.jar" \
    --composition "$FUNCTIONS" --lib "$BENCH/lib" --top 15
  fi

  if part cold; then
  echo
  echo "### Cold start"
  bench dev.scimserverless.bench.ColdStart --bench-jar "$BENCH_JAR" --samples "$SAMPLES" \
    --jars "functions=$FUNCTIONS,same=$V/scim-functions-same.jar,full=$V/scim-functions-full.jar,minimized=$V/scim-functions-minimized.jar" \
    --runs functions/default,functions/c1,functions/c1-serial,functions/c1-exploded,functions/c1-cds,same/c1,full/c1,minimized/c1
  fi

  if part warm; then
  echo
  echo "### Warm latency (one thread, after warm-up)"
  echo
  bench dev.scimserverless.bench.WarmLatency --header true
  for opts in "" "$C1"; do
    # shellcheck disable=SC2086 # opts is a list of JVM options
    java $opts -Drepo.root="$ROOT" -cp "$FUNCTIONS:$BENCH_JAR:$DYNOXIDE_HELPER" \
      dev.scimserverless.bench.WarmLatency --store memory \
      --iterations $((ITERATIONS * 4)) --warmup $((ITERATIONS * 4)) 2> >(grep -v '^SLF4J' >&2)
    # apache5 is the functions' client (in scim-functions.jar); the others are added to the path
    for client in apache5 url-connection apache; do
      # shellcheck disable=SC2086
      java $opts -Drepo.root="$ROOT" \
        -cp "$FUNCTIONS:$BENCH_JAR:$DYNOXIDE_HELPER:$(clients_cp "$client")" \
        dev.scimserverless.bench.WarmLatency --store dynamodb --http-client "$client" \
        --iterations "$ITERATIONS" --warmup $((ITERATIONS / 2)) 2> >(grep -v '^SLF4J' >&2)
    done
  done
  fi

  if part clients; then
  echo
  echo "### SDK HTTP clients"
  bench dev.scimserverless.bench.HttpClients --jar "$FUNCTIONS" --bench-jar "$BENCH_JAR" \
    --clients-dir "$BENCH/clients" --samples "$SAMPLES" --warm "$ITERATIONS"
  fi

  if want groups; then
  echo
  echo "### Groups (issue 4): DynamoDB calls, capacity and latency per operation by group size"
  echo
  # about 1.5 minutes, most of it loading a group of 100,000 members (docs/performance.md)
  # shellcheck disable=SC2086 # GROUPS_ARGS is a list of options
  bench dev.scimserverless.bench.groups.GroupsBench ${GROUPS_ARGS:-}
  fi

  if want http; then
  echo
  echo "### Through the socket: the IdP mix on kept-alive connections (issue 15)"
  echo
  echo "| server | threads | requests | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|---|---|"
  # scim-local.jar as a user runs it (its own process), HttpMix as the IdPs
  T=scim_bench_token_0123456789abcdef
  DYN=$(ls "$ROOT"/.dynoxide/*/node_modules/@dynoxide/linux-x64/dynoxide 2>/dev/null | head -1)
  http_run() { # label, JVM flags, jar options...
    local label=$1 flags=$2; shift 2
    # shellcheck disable=SC2086 # flags is a list of JVM options
    java $flags -jar "$LOCAL" --port 8383 --tenant "bench=$T" "$@" > /dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:8383/scim/v2/ServiceProviderConfig && break; sleep 0.2; done
    # shellcheck disable=SC2086 # HTTP_ARGS is a list of options
    java -cp "$LOCAL:$BENCH_JAR:$DYNOXIDE_HELPER" dev.scimserverless.bench.HttpMix \
      --base-url http://127.0.0.1:8383/scim/v2 --token "$T" --seconds 20 --warmup 5 ${HTTP_ARGS:-} \
      2> >(grep -v '^SLF4J' >&2) | grep '^|' | sed "s#http://127.0.0.1:8383/scim/v2#$label#"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  }
  http_run "memory, nodelay off (before)" "-Dsun.net.httpserver.nodelay=false"
  http_run "memory (as shipped)" ""
  if [[ -n "$DYN" ]]; then
    "$DYN" serve --host 127.0.0.1 --port 8384 > /dev/null 2>&1 &
    dyn_pid=$!
    sleep 1
    http_run "Dynoxide (as shipped)" "" --dynamodb-endpoint http://127.0.0.1:8384 --table bench
    kill "$dyn_pid"
  fi
  fi

  if want faults; then
  echo
  echo "### Fault harness (issue 12)"
  echo
  echo '```'
  # shellcheck disable=SC2086 # FAULTS_ARGS is a list of options
  java -Drepo.root="$ROOT" -cp "$LOCAL:$BENCH_JAR:$DYNOXIDE_HELPER" \
    dev.scimserverless.bench.faults.FaultHarness ${FAULTS_ARGS:---clients 6 --seconds 60 --seed 1} \
    2> >(grep -v '^SLF4J\|failed on request' >&2)
  echo '```'
  fi

  echo
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS"
