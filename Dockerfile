# The relay (`reefer serve`) with the browser control panel built in, as one image.
#   docker build -t reefer-simulator .
#   docker run --rm -p 8080:8080 -e KAFKA_BROKERS=broker:9092 reefer-simulator
# Without KAFKA_BROKERS the relay runs on its embedded in-memory broker (a demo, not storage).
# The versions below are the ones scripts/setup.sh installs; keep them together.

# --- build: the relay (release) and the control panel (Trunk → dist/) -----------------------
FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32-unknown-unknown \
 && CARGO_PROFILE_RELEASE_LTO=false cargo install --locked trunk --version 0.21.14 \
 && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY . .
RUN trunk build --release --offline \
 && cargo build --release --locked -p reefer-relay \
 && strip target/release/reefer

# --- runtime: Debian slim, a non-root user, the binary and dist/ ----------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin reefer
COPY --from=build /src/target/release/reefer /usr/local/bin/reefer
COPY --from=build /src/dist /app/dist
# Numeric, so that Kubernetes can check runAsNonRoot; OpenShift may run it as another UID.
USER 10001
# Listening on 0.0.0.0, the relay needs REEFER_API_TOKEN (docker run -e REEFER_API_TOKEN=…), or
# REEFER_NO_AUTH=true for an open demo on a private network; it will not start open otherwise.
ENV REEFER_HOST=0.0.0.0 \
    PORT=8080 \
    REEFER_DIST=/app/dist
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["reefer", "health"]
ENTRYPOINT ["reefer"]
CMD ["serve"]
