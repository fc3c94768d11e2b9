# The Pools relay and the built app, one container. See docs/deploy.md.
#
#   docker build -t pools-relay .
#   docker run -d --name pools -p 127.0.0.1:3030:3030 -v pools-data:/data pools-relay
#
# Put a reverse proxy with automatic HTTPS in front (docs/deploy.md); the relay itself speaks plain
# HTTP and ws.

# --- build: the app (vite) and the relay bundled to one ES module ------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build \
 && npx esbuild sync-server/main.ts --bundle --platform=node --format=esm --target=node20 \
      --packages=external --outfile=build/relay.mjs

# --- run: production dependencies only, as the unprivileged `node` user ------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3030 \
    DATA_DIR=/data \
    STATIC_DIR=/app/dist \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9464
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/build/relay.mjs ./build/relay.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Only the public port is exposed; publish 9464 (metrics) to a private address yourself if wanted.
EXPOSE 3030
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3030)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The relay closes sockets and writes every document on SIGTERM (docker stop), within 15 s.
STOPSIGNAL SIGTERM
CMD ["node", "build/relay.mjs"]
