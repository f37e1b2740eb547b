# One image per SciTLDR service, all built from this file. Pick the service with the build arg SERVICE:
#
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=Transformation -t scitldr/transformation .
#
# SERVICE is one of Ingestion | Transformation | Quality | Reporting (the build stops on anything else).
# The build context is the repository root (see .dockerignore there: no bin/, obj/, tests/, data/).
#
# Base images are build args, so a machine without a registry can pass images it built itself:
#   --build-arg SDK_IMAGE=…      a .NET 10 SDK image (build stages only)
#   --build-arg RUNTIME_IMAGE=…  an ASP.NET Core 10 runtime image (the final image; no SDK in it)
# `dotnet restore` inside the build needs the NuGet feed: on a machine whose containers cannot reach
# beyond it, build with `docker build --network host …` (or compose's `build.network: host`).
#
# Plain Dockerfile syntax on purpose: no `# syntax=` line (that makes BuildKit pull a frontend image)
# and no BuildKit-only flags (`RUN --mount`, `COPY --parents`), so the classic builder of engine 20.10
# and BuildKit both build it.
#
# No HEALTHCHECK here: the runtime image has no curl or wget. docker-compose.yml probes
# GET /health/ready with bash's /dev/tcp instead (the Debian/Ubuntu-based aspnet images have bash;
# chiseled/distroless ones do not, so such a RUNTIME_IMAGE needs another probe).

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
# The reporting dashboard's chart library comes from npm (pinned by its package-lock.json); the SDK image
# has no Node.js, so a Node image installs it. Offline, pass a local image with node and npm.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- dashboard: npm packages of the reporting service's dashboard (Chart.js), embedded by its build.
FROM ${NODE_IMAGE} AS dashboard
WORKDIR /dashboard
COPY services/SciTldr.Reporting/Dashboard/package.json services/SciTldr.Reporting/Dashboard/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# ---- projects: only the project files (and services/Directory.Build.props, the services' runtime settings), with their folders, for a restore layer that survives code edits.
# The classic builder cannot copy a glob of csproj files into their folders, so this stage copies the
# sources and deletes everything but the project files; the COPY --from below is then cached (same
# content, same layer) until a csproj changes, and so is the restore after it.
FROM ${SDK_IMAGE} AS projects
WORKDIR /src
COPY services/ services/
COPY shared/ shared/
RUN find . -type f ! -name '*.csproj' ! -name 'Directory.Build.props' -delete && find . -depth -type d -empty -delete

# ---- build: restore, then compile and publish the one service.
FROM ${SDK_IMAGE} AS build
ARG SERVICE
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src
RUN case "${SERVICE}" in \
      Ingestion|Transformation|Quality|Reporting) ;; \
      *) echo "build arg SERVICE must be Ingestion, Transformation, Quality or Reporting (got '${SERVICE}')" >&2; exit 1 ;; \
    esac
# Everything MSBuild and NuGet read before the sources: SDK pin, central package versions, build settings.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --from=projects /src/ ./
RUN dotnet restore "services/SciTldr.${SERVICE}/SciTldr.${SERVICE}.csproj" -r linux-x64
# Sources: the shared libraries and this service only (other services' code does not touch its layers).
COPY shared/ shared/
COPY services/SciTldr.${SERVICE}/ services/SciTldr.${SERVICE}/
# Present, the reporting build embeds it instead of running npm (the other services ignore it).
COPY --from=dashboard /dashboard/node_modules/ services/SciTldr.Reporting/Dashboard/node_modules/
# service.dll is a fixed entry name, so ENTRYPOINT can stay in exec form (exec form expands no
# variables). The .NET host resolves the symlink to SciTldr.<Service>.dll and reads that assembly's
# runtimeconfig/deps files (checked with `dotnet service.dll` next to a published service).
RUN dotnet publish "services/SciTldr.${SERVICE}/SciTldr.${SERVICE}.csproj" \
      -c Release -r linux-x64 --self-contained false --no-restore -p:UseAppHost=false -o /app \
 && ln -s "SciTldr.${SERVICE}.dll" /app/service.dll

# ---- final: ASP.NET Core runtime only, non-root.
FROM ${RUNTIME_IMAGE} AS final
ARG SERVICE
# The Microsoft aspnet images define APP_UID=1654 (user `app`); a home-made RUNTIME_IMAGE may not,
# so fall back to the same uid and create the user when the base lacks one.
ENV APP_UID=${APP_UID:-1654}
USER root
RUN if ! getent passwd "${APP_UID}" > /dev/null; then \
      if command -v useradd > /dev/null; then \
        useradd --uid "${APP_UID}" --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin app; \
      else \
        adduser -D -H -h /app -u "${APP_UID}" app; \
      fi; \
    fi
WORKDIR /app
COPY --from=build /app/ ./
USER ${APP_UID}

# ASPNETCORE_HTTP_PORTS is emptied because the aspnet image sets it to 8080 and Kestrel warns when
# both it and ASPNETCORE_URLS are set; ASPNETCORE_URLS is the one setting in force.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_ENVIRONMENT=Production \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    Logging__Console__FormatterName=json \
    SCITLDR_SERVICE=${SERVICE}
LABEL org.opencontainers.image.title="scitldr-${SERVICE}" \
      org.opencontainers.image.description="SciTLDR Analytics Hub ${SERVICE} service"
EXPOSE 8080
# /app/service.dll -> SciTldr.<Service>.dll (see the build stage); dotnet runs as PID 1 and gets SIGTERM.
ENTRYPOINT ["dotnet", "/app/service.dll"]
