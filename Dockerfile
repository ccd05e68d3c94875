# syntax=docker/dockerfile:1
# The production image: Next's standalone server (only the files and node_modules it uses),
# run as the unprivileged `node` user. Build: docker build -t saas-starter .
# Configuration comes from the environment at run time (see README, "Deploy").

ARG NODE_VERSION=24

# 1. Dependencies, cached until package-lock.json changes.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The build. next.config.ts is evaluated here, and the standalone server keeps the server
# actions' allowed origins it computed from APP_URL and SERVER_ACTIONS_ALLOWED_ORIGINS: pass
# them as build arguments (README, "Behind a reverse proxy"). Nothing secret is needed here.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
ARG APP_URL
ARG SERVER_ACTIONS_ALLOWED_ORIGINS
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# 3. The runtime: no compiler, no dev dependencies, no source.
FROM node:${NODE_VERSION}-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NEXT_MANUAL_SIG_HANDLE=true \
    KEEP_ALIVE_TIMEOUT=65000
# The standalone output includes lib/db/migrations (traced by next.config.ts).
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
USER node
EXPOSE 3000
# Liveness only: /api/health/ready (database + Logto) is for load balancers, not restarts.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm): SIGTERM reaches the server, which drains requests and closes the pool.
CMD ["node", "server.js"]
