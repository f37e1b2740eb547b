# The SQS/S3 emulator (fauxqs) built from the repo's own tools/ — the alternative to the public image
# kibertoad/fauxqs that docker-compose.yml uses by default. Same fauxqs version (tools/package-lock.json
# pins 2.4.1), started by the repo's launcher tools/emulator/start.mjs (request logging off).
#
#   docker build -f docker/emulator.Dockerfile -t scitldr/fauxqs:local .
#   FAUXQS_IMAGE=scitldr/fauxqs:local docker compose up -d
#
# It accepts what compose gives the public image: port 4566, state in /data (mount a volume there),
# FAUXQS_INIT=/app/init.json (fauxqs reads it at start), and it has a HEALTHCHECK of its own, so
# `depends_on: condition: service_healthy` works with either image.
#
# NODE_IMAGE must be Node >= 22.5 (fauxqs uses node:sqlite). tools/package.json also pins the npm
# package `node` (a Node binary for the host-side stack); `npm ci --ignore-scripts` skips its download
# step, because the base image brings Node. No other dependency of fauxqs has an install script.
# `npm ci` needs the npm registry: on a machine whose containers cannot reach beyond it, build with
# `docker build --network host …`.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /opt/scitldr/tools
COPY tools/package.json tools/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --loglevel=error \
 && npm cache clean --force
COPY tools/emulator/ emulator/

# /data is owned by the unprivileged `node` user (uid 1000 in the official Node images), so a fresh
# named volume mounted there inherits that owner and the emulator can write its SQLite files.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

# start.mjs binds FAUXQS_BIND (it defaults to 127.0.0.1 for host use; a container must listen on all
# of its interfaces). FAUXQS_DATA_DIR turns persistence on; SCITLDR_BUCKET is created at start.
ENV FAUXQS_PORT=4566 \
    FAUXQS_BIND=0.0.0.0 \
    FAUXQS_DATA_DIR=/data \
    SCITLDR_BUCKET=scitldr-lake
EXPOSE 4566
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.FAUXQS_PORT || '4566') + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "--no-warnings=ExperimentalWarning", "emulator/start.mjs"]
