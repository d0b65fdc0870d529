#!/usr/bin/env bash
# install-spark.sh — idempotent installer of the "Spark image" the process kubelet runs real
# driver and executor pods from (no Docker here): Debian's OpenJDK 17 runtime and pyspark 3.5.1
# from PyPI in a venv. The venv's pyspark package folder plays the role of the image's /opt/spark.
#
# Result (printed): the Spark home, $CACHE_DIR/spark-venv/lib/python3*/site-packages/pyspark.
# Env: SPARK_OPERATOR_CACHE (default ~/.cache/spark-operator), PYSPARK_VERSION (default 3.5.1).
set -euo pipefail

CACHE_DIR="${SPARK_OPERATOR_CACHE:-$HOME/.cache/spark-operator}"
VENV="$CACHE_DIR/spark-venv"
VERSION="${PYSPARK_VERSION:-3.5.1}"
log() { echo "[install-spark] $*" >&2; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

spark_home() { "$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))' 2>/dev/null; }

ok() {
  [ -x "$VENV/bin/python" ] && command -v java >/dev/null 2>&1 &&
  [ "$("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)' 2>/dev/null)" = "$VERSION" ]
}

if ok; then
  log "pyspark $VERSION present in $VENV"
  spark_home
  exit 0
fi

if ! java -version 2>&1 | grep -q 'version "17'; then
  log "apt-get install openjdk-17-jre-headless"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
python3 -m venv --help >/dev/null 2>&1 || { $SUDO apt-get update -qq; $SUDO apt-get install -y -qq python3-venv >/dev/null; }

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.spark.lock"
flock 9
if ok; then spark_home; exit 0; fi
t0=$(date +%s)
log "creating $VENV with pyspark==$VERSION (PyPI, ~320 MB)"
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==$VERSION"
log "installed in $(( $(date +%s) - t0 )) s: $(spark_home)"
spark_home
