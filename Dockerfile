# syntax=docker/dockerfile:1
# One image for the web app, the worker and the migration step (docker/entrypoint.sh picks the role).
# The base is an argument so a machine that cannot pull images can build on a local one (same Debian + Node);
# pin it by digest in your registry (`--build-arg NODE_BASE=node:20-bookworm-slim@sha256:…`).
ARG NODE_BASE=node:20-bookworm-slim

# --- dependencies (with dev dependencies: the build needs them) ---
FROM ${NODE_BASE} AS deps
WORKDIR /app
# Puppeteer must not download its own Chrome (there is none to download in a locked-down build, and the
# image uses Debian's Chromium); .puppeteerrc.cjs says so, the variable makes sure.
ENV PUPPETEER_SKIP_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .puppeteerrc.cjs ./
COPY patches ./patches
# Install scripts off, then only esbuild's (the build bundles with it) runs; the image needs no embedded
# PostgreSQL (DATABASE_URL is required) and no Puppeteer download (Debian's Chromium). Our own postinstall
# (patches/, see README "Install") is run by hand for the same reason.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild esbuild && npx patch-package --error-on-fail

# --- build the web app and the worker/CLI bundles (dist/), then drop dev dependencies ---
FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime ---
FROM ${NODE_BASE} AS runtime
# Chromium for whatsapp-web.js (worker only; the web app never starts it), emoji fonts so messages render in
# screenshots and QR pages, tini as PID 1 so SIGTERM reaches node and zombies are reaped.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji tini ca-certificates \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    CHROME_PATH=/usr/bin/chromium \
    PUPPETEER_SKIP_DOWNLOAD=1 \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
RUN groupadd --system tuki && useradd --system --gid tuki --home-dir /app --shell /usr/sbin/nologin tuki \
  && mkdir -p /data && chown tuki:tuki /data
COPY --from=build --chown=tuki:tuki /app/package.json /app/package-lock.json /app/next.config.mjs /app/tsconfig.json ./
COPY --from=build --chown=tuki:tuki /app/node_modules ./node_modules
COPY --from=build --chown=tuki:tuki /app/.next ./.next
COPY --from=build --chown=tuki:tuki /app/dist ./dist
COPY --from=build --chown=tuki:tuki /app/public ./public
COPY --from=build --chown=tuki:tuki /app/drizzle ./drizzle
COPY --from=build --chown=tuki:tuki /app/lib ./lib
COPY --from=build --chown=tuki:tuki /app/worker ./worker
COPY --from=build --chown=tuki:tuki /app/scripts ./scripts
COPY --from=build --chown=tuki:tuki /app/docker/entrypoint.sh ./docker/entrypoint.sh
USER tuki
# The worker keeps WhatsApp's linked-device profile here: mount a volume, or every restart needs a new QR scan.
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--", "/app/docker/entrypoint.sh"]
CMD ["web"]
