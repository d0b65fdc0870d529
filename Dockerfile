# spark-operator image: `make image` (IMAGE=ghcr.io/spark-operator-swift/spark-operator:0.1.0).
# Build stage: Swift 6 release build, the Swift standard library and Foundation linked
# statically, so the runtime stage needs no Swift toolchain.
FROM swift:6.1-jammy AS build
WORKDIR /src
# Dependencies first (a layer that survives source edits). Package.resolved is not committed;
# the glob copies it when the build context has one, pinning the versions built locally.
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product spark-operator \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/spark-operator" /out/spark-operator

# Runtime stage: slim Ubuntu with CA certificates (TLS to the API server), tzdata
# (ScheduledSparkApplication spec.timeZone) and jemalloc, run as an unprivileged user.
FROM ubuntu:jammy
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tzdata libjemalloc2 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 65532 spark-operator \
    && useradd --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin spark-operator
COPY --from=build /out/spark-operator /usr/local/bin/spark-operator
# jemalloc instead of glibc's malloc: with 10 000 applications cached glibc keeps ~25 MiB of
# freed memory in holes it cannot return; jemalloc returns freed pages within a second
# (docs/benchmarks.md, "Memory: the allocator"). Its "allocator" shows in the operator's "starting" log line.
# Kept equal to KubeTesting's OperatorAllocator.jemalloc (a test checks), which the benchmark runs.
ENV LD_PRELOAD=libjemalloc.so.2 \
    MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
USER 65532:65532
# Metrics (/metrics) and health probes (/healthz, /readyz).
EXPOSE 8080 8081
ENTRYPOINT ["/usr/local/bin/spark-operator"]
