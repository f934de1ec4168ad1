# Firedrill: the OpenEnv server (HTTP + WebSocket on port 8000), as `openenv` and Hugging Face Spaces expect.
#   docker build -t firedrill . && docker run --rm -p 8000:8000 firedrill
FROM node:20-slim AS build
WORKDIR /app
# Toolchain for native modules (better-sqlite3) in case no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
# The console's sources: `prepare` builds them with vite into web/dist.
COPY web ./web
# `npm ci` runs the prepare script, which builds dist/ and web/dist/; then drop the dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
COPY --from=build --chown=node:node /app/bin ./bin
# OpenEnv validation (RFC 008): the probe plan and the oracle script, run inside the container by the validator.
COPY --chown=node:node openenv.yaml ./openenv.yaml
COPY --chown=node:node validation ./validation
# The image's own unprivileged user (uid 1000, which is also what Hugging Face Spaces run as).
USER node
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts a graceful shutdown: in-flight requests finish, WebSockets close with 1001.
STOPSIGNAL SIGTERM
CMD ["node", "bin/firedrill.js", "serve"]
