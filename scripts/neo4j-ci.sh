#!/usr/bin/env bash
# Start (or stop / report) the local Neo4j 5.26 Community server for CI, without Docker.
#
#   NEO4J_PASSWORD=<8+ characters> scripts/neo4j-ci.sh [start|stop|status]
#
# Installs the JDK and Maven with apt-get only if `java` / `mvn` are missing, then runs
# `python -m graphkit neo4j start`: the first run fetches Neo4j from Maven Central into
# ~/.m2 and builds the launcher into ~/.cache/graphkit/neo4j-launcher/; later runs reuse both.
#
# Environment:
#   NEO4J_PASSWORD        required for start; passed to java through its environment only
#   GRAPHKIT_NEO4J_HOME   data dir (default ./.neo4j)
#   NEO4J_PORT            Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_WAIT            seconds to wait for Bolt after the build (default 180)
#   PYTHON                the Python with graphkit installed (default python3)
#
# stdout gets only `export NEO4J_URI=...` and `export NEO4J_USER=neo4j` (never the password),
# so `eval "$(scripts/neo4j-ci.sh start)"` works; progress goes to stderr.
set -euo pipefail

action="${1:-start}"
python="${PYTHON:-python3}"
data_dir="${GRAPHKIT_NEO4J_HOME:-./.neo4j}"
port="${NEO4J_PORT:-7687}"

log() { printf 'neo4j-ci: %s\n' "$*" >&2; }

install_prerequisites() {
  local need=()
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root or sudo to install: ${need[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
}

case "$action" in
  start)
    if [ -z "${NEO4J_PASSWORD:-}" ]; then
      log "NEO4J_PASSWORD is not set: export NEO4J_PASSWORD=<8+ characters> first"
      exit 2
    fi
    install_prerequisites
    log "java: $(java -version 2>&1 | head -n 1); maven: $(mvn -B -v 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" | head -n 1)"
    exec "$python" -m graphkit neo4j start --data-dir "$data_dir" --port "$port" \
      --wait "${NEO4J_WAIT:-180}"
    ;;
  stop)
    exec "$python" -m graphkit neo4j stop --data-dir "$data_dir" >&2
    ;;
  status)
    exec "$python" -m graphkit neo4j status --data-dir "$data_dir"
    ;;
  *)
    log "usage: $0 [start|stop|status]"
    exit 2
    ;;
esac
