# Container image of the OpenEnv server (Hugging Face Docker Space): compile with tsc, ship only what runs.
# Base: Node 26, the active LTS (Node 20 reached end of life on 2026-04-30); CI runs the suite on Node 26 too.

# ---- build: all dependencies, TypeScript compiled to dist/ (the environment) and framework/dist/ (the framework) ----
FROM node:26-slim AS build
WORKDIR /app
# Dependencies first, so a source change does not reinstall them. The framework is an npm workspace
# (framework/): npm ci links it into node_modules/openenv-ts, so its package.json must be here first.
COPY package.json package-lock.json ./
COPY framework/package.json ./framework/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies and compiled output only ----
FROM node:26-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
# Space variables arrive as build args and as run-time environment; both reach the server.
# OPENENV_TASK: default task id (empty = the manifest's default_task).
ARG OPENENV_TASK=""
ARG ENABLE_WEB_INTERFACE=true
ENV OPENENV_TASK=${OPENENV_TASK} \
    ENABLE_WEB_INTERFACE=${ENABLE_WEB_INTERFACE}
WORKDIR /app
COPY package.json package-lock.json ./
COPY framework/package.json ./framework/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The environment's compiled plugins, and the framework package's compiled code (node_modules/openenv-ts links to it).
COPY --from=build /app/dist ./dist
COPY --from=build /app/framework/dist ./framework/dist
# The manifest names the plugins (loaded from dist/plugins); README.md is served by /metadata.
COPY openenv.plugins.json README.md ./
# The base image's unprivileged user (uid 1000, the uid Hugging Face Spaces run as).
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["node", "dist/scripts/healthcheck.js"]
CMD ["node", "node_modules/openenv-ts/dist/tools/cli.js", "serve"]
