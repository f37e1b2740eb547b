#!/usr/bin/env bash
# Runs every test of the repository: unit tests, integration tests against the real SQS/S3 API of
# the fauxqs emulator, system tests with the four real service processes, the dashboard in Chromium,
# and the service containers on a Docker engine. Installs what it needs: the emulator's npm packages,
# Debian's chromium, and (as root, when no engine answers) docker.io, docker-compose and debootstrap;
# the images are built offline by docker/local-images.sh; NuGet and the dashboard's npm packages come
# with the build. Ends with one line:
#   N passed, N failed[, N skipped]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=Release
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if ! bash tools/install.sh; then
  echo "installing the emulator (tools/install.sh) failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The dashboard's browser test drives Debian's Chromium by its path (Playwright downloads no browser).
if [[ ! -x /usr/bin/chromium ]]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; }; then
    echo "installing Debian's chromium (apt-get install -y chromium) failed; the dashboard browser test needs it"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# Containers: a Docker engine (started here when none answers, and stopped again at the end), and the
# images built offline from local base images (docker/local-images.sh). Without an engine the container
# tests report themselves skipped, with the reason.
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}" TESTCONTAINERS_RYUK_DISABLED=true
images_failed=0
if bash tools/docker-engine.sh start; then
  trap 'bash tools/docker-engine.sh stop' EXIT
  if ! bash docker/local-images.sh; then
    echo "building the container images failed (docker/local-images.sh)"
    images_failed=1
  fi
else
  echo "no Docker engine: the container tests will report themselves skipped"
fi

# Warnings are errors: a build that warns fails here, before any test runs.
if ! dotnet build SciTldr.Services.sln -c "$configuration" -nologo -v quiet -clp:Summary; then
  echo "the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# One project at a time: the SQS timing tests (visibility, heartbeats) should not share 2 cores with other suites.
status=0
for project in $(find tests -name '*Tests.csproj' | sort); do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c "$configuration" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results"; then
    status=1
  fi
done

passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$((total + $(value total)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

failed=$((failed + images_failed))

# A project that crashed before writing its results still counts as a failure.
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1
fi

if [[ $skipped -gt 0 ]]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $status -eq 0 && $failed -eq 0 ]]
