# syntax=docker/dockerfile:1
# One image for both processes: the server (default command) and the worker (`node dist/workers/main.js`),
# both plain JavaScript bundles (npm run build): no TypeScript transpiler in the image.
# It builds offline-capable: mediasoup's installer downloads a prebuilt worker from GitHub when it can;
# when it cannot, scripts/install.sh builds the worker from the npm tarball against Debian's libraries.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: dependencies, mediasoup worker, server and worker bundles, client bundle -------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# Dependencies first, so source edits reuse this layer.
COPY package.json package-lock.json ./
COPY scripts/install.sh scripts/mediasoup-worker.sh scripts/
# BIRGE_OFFLINE_WORKER=1 skips the GitHub attempt and builds the worker locally straight away.
ARG BIRGE_OFFLINE_WORKER=
RUN set -eux; \
    BIRGE_OFFLINE_WORKER="${BIRGE_OFFLINE_WORKER}" bash scripts/install.sh; \
    mkdir -p /opt/birge; \
    bundled=node_modules/mediasoup/worker/out/Release/mediasoup-worker; \
    if [ -x "$bundled" ]; then cp "$bundled" /opt/birge/mediasoup-worker; \
    else cp "$(bash scripts/mediasoup-worker.sh)" /opt/birge/mediasoup-worker; fi

COPY . .
# The web client, when this checkout has one; the server serves client/dist if it exists.
RUN npm run build \
 && if node -e "process.exit(require('./package.json').scripts?.['build:client'] ? 0 : 1)"; then npm run build:client; fi \
 && npm prune --omit=dev

# ---- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
# Shared libraries of a locally built mediasoup worker (a prebuilt one needs none of them), and the
# broadcast's media tools: GStreamer for the program mixer, ffmpeg for recordings' MP4 and poster.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libssl3 libuv1 libsrtp2-1 libusrsctp2 libabsl20220623 libnss3 \
      gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly \
      gstreamer1.0-libav gstreamer1.0-x fonts-dejavu-core ffmpeg \
 && rm -rf /var/lib/apt/lists/*

COPY --from=build /opt/birge/mediasoup-worker /opt/birge/mediasoup-worker
# mediasoup's own smoke test: started outside mediasoup, a working worker exits with code 41.
RUN code=0; env -i /opt/birge/mediasoup-worker </dev/null >/dev/null 2>&1 || code=$?; \
    [ "$code" -eq 41 ] || { echo "mediasoup-worker does not run here (exit $code)" >&2; exit 1; }

WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data

ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    MEDIASOUP_WORKER_BIN=/opt/birge/mediasoup-worker
USER node
VOLUME ["/data"]
# HTTP and Socket.IO; WebRTC: worker i listens on MEDIA_PORT + i (UDP and TCP).
EXPOSE 3000 40000-40063/udp 40000-40063/tcp
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself as PID 1 (not npm), so SIGTERM reaches the server and it drains cleanly.
CMD ["node", "--max-semi-space-size=8", "--v8-pool-size=1", "dist/server/start.js"]
