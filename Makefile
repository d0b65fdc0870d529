# spark-operator — see README.md.
SHELL := /bin/bash
SWIFT ?= swift
DOCKER ?= docker
IMAGE ?= ghcr.io/spark-operator-swift/spark-operator:0.1.0
CACHE_DIR ?= $(HOME)/.cache/spark-operator
export SPARK_OPERATOR_CACHE := $(CACHE_DIR)

.PHONY: all build release test unit-test integration-test e2e chaos control-plane spark crds verify-crds image bench demo run clean

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

## Installs etcd (Debian) and builds kube-apiserver, kube-controller-manager, kubectl v1.20.2 once (cached).
control-plane:
	hack/install-control-plane.sh >/dev/null

## Installs OpenJDK 17 (Debian) and pyspark 3.5.1 (PyPI) in a cached venv: the "image" real Spark pods run from.
spark:
	hack/install-spark.sh >/dev/null

## Everything: unit tests and integration tests against a real control plane started by the tests.
## Its log is kept in .build/test.log; on failure the failed tests and their recorded issues are
## printed again at the end, so that the tail of a CI log names them.
test: control-plane spark
	@mkdir -p .build
	@set -o pipefail; $(SWIFT) test 2>&1 | tee .build/test.log || { \
	  echo; echo "==== failed tests and their issues (from .build/test.log) ===="; \
	  grep -E -A2 '✘|recorded an issue|Caught error|[Ff]atal error|Exited with|error: ' .build/test.log | grep -v 'passed after' | head -80; \
	  exit 1; }

## Unit tests only (no control plane needed): every suite whose name does not contain "Integration".
unit-test:
	$(SWIFT) test --skip Integration

## Integration tests only (suites named *Integration*, and the IntegrationTests target).
integration-test: control-plane spark
	$(SWIFT) test --filter Integration

## Real Spark end to end (the README's "Real Spark"): the operator binary on the local control plane,
## the process kubelet running driver and executor pods as Spark 3.5.1 processes; every case, with
## its time and peak memory written to .build/e2e-report.md. (`make test` runs the short cases.)
e2e: control-plane spark
	$(SWIFT) build --build-tests
	rm -f .build/e2e-report.md
	SPARK_E2E=full SPARK_E2E_REPORT=$(CURDIR)/.build/e2e-report.md $(SWIFT) test --skip-build --filter 'RealSparkTests|ProcessKubeletTests'
	@echo; cat .build/e2e-report.md

## Chaos (docs/chaos.md): the operator binary killed with SIGKILL 20 times during a 1000-application
## burst, its API server restarted and etcd compacted (410 Gone), its leader killed, 200 hostile
## specs, a rotated token file; results in .build/chaos-report.md. (`make test` runs a short form.)
chaos: control-plane
	$(SWIFT) build --build-tests
	rm -f .build/chaos-report.md
	SPARK_CHAOS=full SPARK_CHAOS_REPORT=$(CURDIR)/.build/chaos-report.md $(SWIFT) test --skip-build --filter Chaos
	@echo; cat .build/chaos-report.md

## Regenerates crds/ (and its copy deploy/base/crds/, for `kubectl apply -k deploy/`) from the Swift API types.
crds:
	$(SWIFT) run gen-crds crds deploy/base/crds

## Fails when crds/ or deploy/base/crds/ is out of date with the Swift types.
verify-crds:
	$(SWIFT) run gen-crds --check crds deploy/base/crds

## The operator's container image (Dockerfile: static Swift 6 release build on ubuntu:jammy, non-root);
## deploy/ runs this tag.
image:
	$(DOCKER) build -t $(IMAGE) .

## Benchmarks (release builds) against control planes they start; writes BENCHMARKS.md and
## BENCHMARKS.json (see README "Performance", docs/benchmarks.md). ~10 minutes on 2 cores.
## BENCH_APPS: SparkApplications per run of `apps`; BENCH_CACHED: apps cached; BENCH_SCHEDULES;
## BENCH_BASELINE: real spark-submit runs of the baseline (kubeflow's way: a JVM per app; 0 skips it).
bench: control-plane spark
	$(SWIFT) build -c release --product spark-operator
	$(SWIFT) build -c release --product spark-operator-bench
	mkdir -p .build/bench
	.build/release/spark-operator-bench apps --count $${BENCH_APPS:-1000} --json .build/bench/apps.json \
		$$( [ "$${BENCH_BASELINE:-20}" = 0 ] || echo --baseline spark-submit --baseline-count $${BENCH_BASELINE:-20} )
	.build/release/spark-operator-bench store-list --count $${BENCH_CACHED:-10000} --json .build/bench/store-list.json
	.build/release/spark-operator-bench store-list --count $${BENCH_CACHED:-10000} --distinct-specs --repeats 1 --json .build/bench/store-list-distinct.json
	.build/release/spark-operator-bench schedules --count $${BENCH_SCHEDULES:-1000} --interval 10 --duration 120 --json .build/bench/schedules.json
	.build/release/spark-operator-bench report --markdown BENCHMARKS.md --json BENCHMARKS.json \
		.build/bench/apps.json .build/bench/store-list.json .build/bench/store-list-distinct.json .build/bench/schedules.json

## The main job on an embedded default: a local control plane, the operator, and the process kubelet
## running examples/spark-py-pi.yaml's pods as real Spark processes to COMPLETED (π printed).
## Ctrl-C stops everything. DEMO_FLAGS: --exit-when-done, --simulated (simulated kubelet, no Spark).
demo: control-plane spark
	$(SWIFT) run spark-operator-demo $(DEMO_FLAGS)

## The operator against the cluster of the current kubeconfig (RUN_FLAGS for its flags, see --help).
run:
	$(SWIFT) run spark-operator $(RUN_FLAGS)

clean:
	rm -rf .build
