# spark-operator — see README.md.
SHELL := /bin/bash
SWIFT ?= swift
DOCKER ?= docker
IMAGE ?= ghcr.io/spark-operator-swift/spark-operator:0.1.0
CACHE_DIR ?= $(HOME)/.cache/spark-operator
export SPARK_OPERATOR_CACHE := $(CACHE_DIR)

.PHONY: all build release test unit-test integration-test control-plane spark crds verify-crds image bench demo run clean

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
test: control-plane
	$(SWIFT) test

## Unit tests only (no control plane needed): every suite whose name does not contain "Integration".
unit-test:
	$(SWIFT) test --skip Integration

## Integration tests only (suites named *Integration*, and the IntegrationTests target).
integration-test: control-plane
	$(SWIFT) test --filter Integration

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

## Benchmarks (release build) against a control plane they start; see README "Performance".
bench: control-plane
	$(SWIFT) build -c release --product spark-operator-bench
	.build/release/spark-operator-bench store-list --count $${BENCH_APPS:-10000}
	.build/release/spark-operator-bench schedules --count $${BENCH_SCHEDULES:-1000} --interval 10 --duration 120

## The main job on an embedded default: a local control plane, the operator, a SIMULATED kubelet,
## examples/spark-pi.yaml followed to COMPLETED. Ctrl-C stops everything (DEMO_FLAGS=--exit-when-done to exit).
demo: control-plane
	$(SWIFT) run spark-operator-demo $(DEMO_FLAGS)

## The operator against the cluster of the current kubeconfig (RUN_FLAGS for its flags, see --help).
run:
	$(SWIFT) run spark-operator $(RUN_FLAGS)

clean:
	rm -rf .build
