# syntax=docker/dockerfile:1
# LLM Gateway, headless, for a small team (docs/deployment.md).
#   docker build -t llm-gateway .
#   docker run -d -p 127.0.0.1:3000:3000 -v llm-gateway-data:/data llm-gateway

# --- build: dependencies (with dev tools), front-end bundles, the gateway bundle ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Electron is a dev dependency (the desktop app); the image never runs it.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:renderer \
  && npm run build:status \
  && node --input-type=module -e "await (await import('./scripts/build-gateway.mjs')).buildGateway()" \
  && npm prune --omit=dev --no-audit --no-fund

# --- run: the bundle, production dependencies, the built pages; no compiler, no sources ---
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DB_PATH=/data/gateway.db \
  LOG_FORMAT=json \
  MALLOC_ARENA_MAX=2 \
  MALLOC_TRIM_THRESHOLD_=131072
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist-gateway ./dist-gateway
COPY --from=build /app/dist-renderer ./dist-renderer
COPY --from=build /app/dist-status ./dist-status
# The database, the generated secret key and JWT secret, the encrypted provider keys and the
# database backups live in /data, owned by the unprivileged `node` user (uid 1000) of the base image.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The node flags of `npm run serve` (scripts/build-gateway.mjs says why).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=100", "dist-gateway/cli.mjs"]
