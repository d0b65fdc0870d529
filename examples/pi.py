"""Estimates pi by Monte Carlo sampling on the executors (Spark's pi.py, extended).

Usage: pi.py [PARTITIONS] [--report-env NAME,...] [--report-file PATH,...]

Prints "Pi is roughly 3.14...", then one line per executor pod that ran tasks, with the number
of tasks it ran and, when asked, what that executor sees: the values of the environment
variables named by --report-env and the contents of the files named by --report-file. That
makes it a quick check that spec.executor settings (env, volumes, labels through the downward
API) reach the executors.
"""
import os
import sys
from operator import add
from random import random

from pyspark.sql import SparkSession


def main(argv):
    partitions, report_env, report_files = 2, [], []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--report-env":
            report_env = [n for n in args.pop(0).split(",") if n]
        elif arg == "--report-file":
            report_files = [p for p in args.pop(0).split(",") if p]
        else:
            partitions = int(arg)

    spark = SparkSession.builder.appName("PythonPi").getOrCreate()
    n = 100000 * partitions

    def inside(_):
        x = random() * 2 - 1
        y = random() * 2 - 1
        return 1 if x ** 2 + y ** 2 <= 1 else 0

    count = spark.sparkContext.parallelize(range(1, n + 1), partitions).map(inside).reduce(add)
    print("Pi is roughly %f" % (4.0 * count / n), flush=True)

    def view(_):
        seen = {"env": {k: os.environ.get(k) for k in report_env}, "files": {}}
        for path in report_files:
            try:
                with open(path) as f:
                    seen["files"][path] = f.read().strip()
            except OSError as e:
                seen["files"][path] = "<%s>" % e.strerror
        pod = os.environ.get("SPARK_EXECUTOR_POD_NAME", "?")
        return (pod, (1, repr(sorted(seen["env"].items())), repr(sorted(seen["files"].items()))))

    per_pod = spark.sparkContext.parallelize(range(partitions * 4), partitions * 4).map(view) \
        .reduceByKey(lambda a, b: (a[0] + b[0], a[1], a[2])).collect()
    for pod, (tasks, env, files) in sorted(per_pod):
        line = "executor pod %s ran %d tasks" % (pod, tasks)
        if report_env:
            line += "; env %s" % env
        if report_files:
            line += "; files %s" % files
        print(line, flush=True)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
