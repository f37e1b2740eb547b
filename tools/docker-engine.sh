#!/usr/bin/env bash
# A Docker engine for the container tests, on a machine that may have none.
#
#   tools/docker-engine.sh start   use the engine that answers; else install Debian's docker.io,
#                                  docker-compose and debootstrap when missing (root, apt) and start
#                                  dockerd in the background; exits 1 (with the reason) when neither works
#   tools/docker-engine.sh stop    stop the dockerd that `start` started, by its process id (no-op otherwise)
#
# The daemon it starts cannot give containers a way out of the machine: --iptables=false sets up no NAT
# (containers reach each other on their own networks and the host reaches them, nothing beyond), its
# state lives under /tmp, and nothing is pulled (the images are built by docker/local-images.sh).
set -uo pipefail

state="${SCITLDR_DOCKER_STATE:-/tmp/scitldr-docker}"
pidfile="$state/dockerd.pid"
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"

answers() { timeout 10 docker info > /dev/null 2>&1; }

start() {
  if command -v docker > /dev/null && answers; then
    echo "docker engine: using the one that answers"
    return 0
  fi

  if ! command -v dockerd > /dev/null || ! command -v debootstrap > /dev/null; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get > /dev/null; then
      echo "docker engine: none answers, and installing one needs root and apt-get"
      return 1
    fi
    echo "docker engine: installing docker.io, docker-compose and debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get install -y -qq docker.io docker-compose debootstrap > /dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq docker.io docker-compose debootstrap > /dev/null 2>&1; }; }; then
      echo "docker engine: apt-get install docker.io docker-compose debootstrap failed"
      return 1
    fi
  fi

  mkdir -p "$state"
  echo "docker engine: starting dockerd (state in $state, log $state/dockerd.log)"
  dockerd --iptables=false --ip6tables=false --data-root "$state/data" --exec-root "$state/exec" \
    --pidfile "$pidfile" > "$state/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    if answers; then
      return 0
    fi
    sleep 1
  done
  echo "docker engine: dockerd did not answer within 60 s; the end of its log:"
  tail -20 "$state/dockerd.log"
  stop
  return 1
}

stop() {
  [[ -s "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill "$pid" 2> /dev/null; then
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 1
    done
    kill -9 "$pid" 2> /dev/null || true
    echo "docker engine: stopped dockerd ($pid)"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
