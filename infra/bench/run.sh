#!/usr/bin/env bash
# Benchmarks (docs/performance.md). Builds what it needs, then prints Markdown tables (also
# written to infra/bench/<build dir>/results.md). Not part of mvn verify. Sections:
#   users:  the Users function (issue 2): artifact sizes, cold start, warm latency, SDK HTTP
#           clients; about 8 minutes on 2 cores
#   groups: Groups (issue 4), about 5 to 7 minutes
#
#   infra/bench/run.sh                 # every section
#   infra/bench/run.sh users           # one section
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
clients_cp() {
  local dir=$BENCH/clients/$1
  [[ -d $dir ]] && ls "$dir"/*.jar | tr '\n' ':'
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

  if want users; then
  echo
  echo "### Artifact sizes"
  bench dev.scimserverless.bench.JarSizes \
    --jars "$FUNCTIONS,$LOCAL,$BENCH/variants/scim-functions-same.jar,$BENCH/variants/scim-functions-slim.jar,$BENCH/variants/scim-functions-minimized.jar" \
    --composition "$FUNCTIONS" --lib "$BENCH/lib" --top 15

  echo
  echo "### Cold start"
  V=$BENCH/variants
  bench dev.scimserverless.bench.ColdStart --bench-jar "$BENCH_JAR" --samples "$SAMPLES" \
    --jars "functions=$FUNCTIONS,same=$V/scim-functions-same.jar,slim=$V/scim-functions-slim.jar,minimized=$V/scim-functions-minimized.jar" \
    --runs functions/default,functions/c1,functions/c1-serial,functions/c1-exploded,functions/c1-cds,same/c1,slim/c1,minimized/c1

  echo
  echo "### Warm latency (one thread, after warm-up)"
  echo
  bench dev.scimserverless.bench.WarmLatency --header true
  for opts in "" "$C1"; do
    # shellcheck disable=SC2086 # opts is a list of JVM options
    java $opts -Drepo.root="$ROOT" -cp "$FUNCTIONS:$BENCH_JAR:$DYNOXIDE_HELPER" \
      dev.scimserverless.bench.WarmLatency --store memory \
      --iterations $((ITERATIONS * 4)) --warmup $((ITERATIONS * 4)) 2> >(grep -v '^SLF4J' >&2)
    for client in url-connection apache; do
      # shellcheck disable=SC2086
      java $opts -Drepo.root="$ROOT" \
        -cp "$FUNCTIONS:$BENCH_JAR:$DYNOXIDE_HELPER:$(clients_cp "$client")" \
        dev.scimserverless.bench.WarmLatency --store dynamodb --http-client "$client" \
        --iterations "$ITERATIONS" --warmup $((ITERATIONS / 2)) 2> >(grep -v '^SLF4J' >&2)
    done
  done

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

  echo
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS"
