#!/usr/bin/env bash
# Builds the base images the repository's Dockerfiles take as build arguments, on a machine that
# reaches no container registry — only Debian's mirror, NuGet and npm — from what it has itself:
#
#   scitldr-local/debian:bookworm  debootstrap --variant=minbase bookworm + the .NET runtime's
#                                  dependencies (libicu, libssl, zlib, CA certificates), docker import
#   scitldr-local/aspnet:10.0      that + the host's ASP.NET Core runtime           (RUNTIME_IMAGE)
#   scitldr-local/sdk:10.0         that + the host's .NET SDK and every NuGet package the services
#                                  restore, so `dotnet restore` in a build needs no network (SDK_IMAGE)
#   scitldr-local/node:22          that + Node 22 (the npm package tools/ pins) and npm, with an npm
#                                  cache holding the emulator's and the dashboard's packages, used
#                                  offline (`npm ci` never asks the registry)             (NODE_IMAGE)
# and from those, with the repository's own Dockerfiles:
#   scitldr/fauxqs:local           the emulator (docker/emulator.Dockerfile)           (FAUXQS_IMAGE)
#   scitldr/<service>:local        the four services (docker/service.Dockerfile), unless --bases-only
#
# Then `docker compose up` (or `docker-compose up`) runs the stack with no image pulled: source the
# file it writes, docker/local-images.env, or pass the same variables.
#
# Usage: docker/local-images.sh [--bases-only] [--rebuild]
#   --bases-only  stop after the base images and the emulator
#   --rebuild     rebuild the base images even where they exist (they are kept otherwise)
# Needs: docker (engine reachable), debootstrap, the .NET SDK, npm, and tools/node_modules (tools/install.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bases_only=false
rebuild=false
for arg in "$@"; do
  case "$arg" in
    --bases-only) bases_only=true ;;
    --rebuild) rebuild=true ;;
    *) echo "unknown argument: $arg (see the header of $0)" >&2; exit 2 ;;
  esac
done

export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
# The classic builder (engine 20.10 has no buildx here); saying so keeps it from printing a deprecation notice.
export DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-0}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${SCITLDR_IMAGE_CACHE:-$root/.scitldr/images}"
mkdir -p "$cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

debian=scitldr-local/debian:bookworm
runtime=scitldr-local/aspnet:10.0
sdk=scitldr-local/sdk:10.0
node=scitldr-local/node:22
fauxqs=scitldr/fauxqs:local

has_image() { [[ "$rebuild" == false ]] && docker image inspect "$1" > /dev/null 2>&1; }
step() { printf '== %s\n' "$*"; }
# docker build, quiet unless it fails (then the end of its output); the arguments are docker build's.
build() {
  if ! docker build "$@" > "$work/build.log" 2>&1; then
    tail -40 "$work/build.log"
    echo "docker build $* failed" >&2
    exit 1
  fi
}

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
sdk_version="$(dotnet --version)"
runtime_version="$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)"

# ---- Debian: a minimal root file system, imported as an image (the tarball is kept for next time).
if ! has_image "$debian"; then
  tarball="$cache/debian-bookworm-minbase.tar"
  if [[ ! -s "$tarball" || "$rebuild" == true ]]; then
    step "debootstrap bookworm (minbase) from $mirror"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g,tzdata,netbase \
      bookworm "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$tarball" .
  fi
  step "docker import $debian"
  docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' "$tarball" "$debian" > /dev/null
fi

# ---- the ASP.NET Core runtime (the host's), with the user the Microsoft images define (app, 1654).
if ! has_image "$runtime"; then
  step "$runtime (ASP.NET Core $runtime_version from $dotnet_root)"
  ctx="$work/runtime"
  mkdir -p "$ctx/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$ctx/dotnet/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$ctx/dotnet/shared/$framework"
    cp -a "$dotnet_root/shared/$framework/$runtime_version" "$ctx/dotnet/shared/$framework/"
  done
  cat > "$ctx/Dockerfile" <<EOF
FROM $debian
COPY dotnet/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \\
 && useradd --uid 1654 --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin app
ENV DOTNET_ROOT=/usr/share/dotnet APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
EOF
  build -t "$runtime" "$ctx"
fi

# ---- the SDK, and the NuGet packages of the services (restored here into a folder of their own).
if ! has_image "$sdk"; then
  step "$sdk (.NET SDK $sdk_version, NuGet packages of the services)"
  ctx="$work/sdk"
  mkdir -p "$ctx"
  # Restored from a copy of the project files, as the image build restores them (linux-x64), so the
  # host's own obj/ folders are left alone.
  src="$work/src"
  mkdir -p "$src"
  cp global.json Directory.Build.props Directory.Packages.props .editorconfig "$src/"
  (find services shared -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' -print0 | xargs -0 cp --parents -t "$src")
  for service in Ingestion Transformation Quality Reporting; do
    dotnet restore "$src/services/SciTldr.$service/SciTldr.$service.csproj" -r linux-x64 --packages "$ctx/nuget" --nologo -v quiet
  done
  cp -a "$dotnet_root" "$ctx/dotnet"
  rm -rf "$ctx/dotnet/metadata"
  # The only package source is that folder: a restore in the image never reaches for nuget.org.
  mkdir -p "$ctx/nuget-config"
  cat > "$ctx/nuget-config/NuGet.Config" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="/root/.nuget/packages" />
  </packageSources>
</configuration>
EOF
  # NuGetAudit=false (MSBuild reads it from the environment): the vulnerability audit needs a remote
  # source, and the build treats its "could not fetch" warning as an error. The host build audits.
  cat > "$ctx/Dockerfile" <<EOF
FROM $debian
COPY dotnet/ /usr/share/dotnet/
COPY nuget/ /root/.nuget/packages/
COPY nuget-config/NuGet.Config /root/.nuget/NuGet/NuGet.Config
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet NUGET_PACKAGES=/root/.nuget/packages NuGetAudit=false \\
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
EOF
  build -t "$sdk" "$ctx"
fi

# ---- Node 22 with npm and an offline npm cache of every package the images install.
if ! has_image "$node"; then
  step "$node (Node $(tools/node_modules/node/bin/node --version), offline npm cache)"
  ctx="$work/node"
  mkdir -p "$ctx/bin" "$ctx/lib"
  cp -a tools/node_modules/node/bin/node "$ctx/bin/node"
  cp -a "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$ctx/lib/npm"
  for lock in tools services/SciTldr.Reporting/Dashboard; do
    mkdir -p "$work/npm/$lock"
    cp "$lock/package.json" "$lock/package-lock.json" "$work/npm/$lock/"
    (cd "$work/npm/$lock" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --cache "$ctx/npm-cache" > /dev/null)
  done
  cat > "$ctx/Dockerfile" <<EOF
FROM $debian
COPY bin/node /usr/local/bin/node
COPY lib/npm/ /usr/local/lib/node_modules/npm/
COPY npm-cache/ /usr/local/share/npm-cache/
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && useradd --uid 1000 --user-group --create-home --shell /bin/bash node \\
 && chmod -R a+rX /usr/local/share/npm-cache
# npm reads the cache only: an install of anything not cached fails instead of reaching out.
ENV npm_config_cache=/usr/local/share/npm-cache npm_config_offline=true npm_config_update_notifier=false
EOF
  build -t "$node" "$ctx"
fi

# ---- the emulator, from the repository's Dockerfile and the local Node image.
step "$fauxqs (docker/emulator.Dockerfile)"
build -f docker/emulator.Dockerfile --build-arg NODE_IMAGE="$node" -t "$fauxqs" .

cat > docker/local-images.env <<EOF
# Written by docker/local-images.sh: the locally built images, for docker compose on a machine with no registry.
SDK_IMAGE=$sdk
RUNTIME_IMAGE=$runtime
NODE_IMAGE=$node
FAUXQS_IMAGE=$fauxqs
EOF

if [[ "$bases_only" == false ]]; then
  for service in Ingestion Transformation Quality Reporting; do
    image="scitldr/$(tr '[:upper:]' '[:lower:]' <<<"$service"):local"
    step "$image (docker/service.Dockerfile)"
    build -f docker/service.Dockerfile \
      --build-arg SDK_IMAGE="$sdk" --build-arg RUNTIME_IMAGE="$runtime" --build-arg NODE_IMAGE="$node" \
      --build-arg SERVICE="$service" -t "$image" .
  done
fi

step "done: images listed in docker/local-images.env"
