# syntax=docker/dockerfile:1
# algobot: a release build in the Swift image, run from a slim Debian image as a non-root user.
# Base images are pinned by tag; docs/DEPLOY.md shows how to pin them by digest instead
# (e.g. --build-arg RUNTIME_IMAGE=debian:bookworm-slim@sha256:...).
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build -------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

# libyaml-dev: the CYAML system library (pkg-config yaml-0.1); libsqlite3-dev: GRDB.
# Debian's security updates replace package versions, so versions are not pinned here
# (a pinned one would vanish from the mirror); the base image tag pins the release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libyaml-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies first: a source change then reuses the resolved packages layer.
COPY Package.swift ./
RUN swift package resolve

COPY Sources ./Sources
# The manifest declares the test targets too, and SwiftPM refuses a package whose target
# folders are missing, even when building only the algobot product.
COPY Tests ./Tests
COPY schemas ./schemas

# --static-swift-stdlib: the Swift runtime and Foundation go into the binary, so the runtime
# image needs no Swift libraries. --strip-debug drops DWARF (183 MB -> 116 MB) but keeps the
# symbols, so the static backtracer still prints function names in a crash report.
RUN swift build -c release --product algobot --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/algobot" /staging/algobot \
    && strip --strip-debug /staging/algobot \
    && backtracer="$(dirname "$(readlink -f "$(command -v swift)")")/../libexec/swift/linux/swift-backtrace-static" \
    && cp "$backtracer" /staging/swift-backtrace-static

# ---- runtime -----------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

# libyaml-0-2 and libsqlite3-0: the two C libraries the binary links; ca-certificates: TLS
# to Alpaca; tzdata: the system's zone files (TZ, local time). New York time itself comes from
# the tz database Foundation links into the binary (ICU's copy), not from these files. Same
# reason as above for unpinned versions.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libyaml-0-2 libsqlite3-0 tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 algobot \
    && useradd --uid 10001 --gid algobot --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin algobot

WORKDIR /app

COPY --from=build /staging/algobot /usr/local/bin/algobot
COPY --from=build /staging/swift-backtrace-static /usr/local/libexec/algobot/swift-backtrace-static

# Shipped files stay owned by root: the bot reads its strategies and limits, never edits them.
COPY data ./data
COPY strategies ./strategies
COPY rules ./rules
COPY schemas ./schemas

# The state folder is the only place the bot writes (audit log, approvals, status, bars).
RUN mkdir -p /app/state && chown algobot:algobot /app/state && chmod 0750 /app/state

ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/libexec/algobot/swift-backtrace-static

USER 10001:10001
VOLUME ["/app/state"]

# Healthy while the bot runs, rewrote state/status.json in the last 5 minutes, reaches the
# broker and reconciles (docs/DEPLOY.md, "Health check").
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["algobot", "status", "--check", "--state", "/app/state"]

# SIGTERM lets the bot finish the audit line it is writing and exit cleanly.
STOPSIGNAL SIGTERM
ENTRYPOINT ["algobot"]
CMD ["run"]
