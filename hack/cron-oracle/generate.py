#!/usr/bin/env python3
"""Writes Tests/SparkOperatorTests/Schedule/CronOracleCases.swift: schedules, start instants and
the next firings robfig/cron v3.0.1 computes for them (through main.go beside this file), so the
Swift parser is checked against the library kubeflow uses. Not part of the build or of CI.

    python3 hack/cron-oracle/generate.py   # needs Go and golang-github-robfig-cron-dev
"""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "Tests/SparkOperatorTests/Schedule/CronOracleCases.swift")

# Schedules read in UTC (the oracle runs with TZ=UTC, so no prefix means UTC).
SPECS = [
    # every field a star, and single values
    "* * * * *", "0 * * * *", "59 * * * *", "0 0 * * *", "30 12 * * *", "59 23 * * *", "0 0 1 * *",
    "0 0 31 * *", "0 0 30 * *", "0 0 29 * *", "0 0 28 2 *", "0 0 29 2 *", "0 0 1 1 *", "0 0 31 12 *",
    "15 14 1 * *", "0 22 * * 1-5", "23 0-20/2 * * *", "5 4 * * sun", "0 9 * * MON", "0 0 * * 6",
    # lists, ranges, steps
    "*/5 * * * *", "*/7 * * * *", "*/13 */5 * * *", "1-30/2 * * * *", "5/15 * * * *", "0/20 * * * *",
    "10-15 * * * *", "0,30 * * * *", "0,15,30,45 9-17 * * *", "1,2,3,58,59 * * * *", "0 */3 * * *",
    "0 1/5 * * *", "0 0 */2 * *", "0 0 1/10 * *", "0 0 5-10 * *", "0 0 1,15 * *", "0 0 1 */3 *",
    "0 0 1 2/4 *", "0 0 1 1-3,7-9 *", "0 0 * * */2", "0 0 * * 1/2", "0 0 * * 0-6/3", "0 0 * * 1,3,5",
    "*/30 * 1-7 * *", "0 12 * 6 *", "0 12 * 6-8 1-5", "0 0 * * 0,6", "7 7 7 7 *", "0 0 13 * 5",
    "0 0 1,15 * 1", "0 0 */2 * 1", "0 0 * * 1-5", "0 0 1-7 * 1", "0 0 8-14 * 2", "0 0 31 * 0",
    "0 0 */10 * */3", "0 0 1-5 * 0-2", "30 6 15 * sat", "0 0 ? * MON", "0 0 1 * ?", "? ? ? ? ?",
    # names, any case
    "0 0 1 JAN *", "0 0 1 jan-mar *", "0 0 * * MON-FRI", "0 0 * * mon-fri", "0 0 * * Tue,Thu",
    "0 0 1 Feb,Aug *", "0 0 * Dec Sun", "0 0 1 MAR/3 *", "0 0 * * WED/2", "0 0 1 nov-dec *",
    "0 0 * * sat,sun", "0 8 * * SUN-SAT",
    # leading zeros and plus signs, as strconv.Atoi reads them
    "00 09 * * *", "+5 * * * *", "0 0 01 01 *", "*/+10 * * * *",
    # descriptors
    "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    # @every
    "@every 1s", "@every 90s", "@every 5m", "@every 1h30m", "@every 1.5h", "@every 500ms", "@every 1500ms",
    "@every 2h45m30s", "@every 0s", "@every 0", "@every -5m", "@every 1h0.5s", "@every 36h", "@every .5m",
    "@every 1.9999s", "@every 100us", "@every 3000000000ns",
    # time zone prefixes
    "CRON_TZ=Asia/Tokyo 0 9 * * *", "TZ=Asia/Tokyo 0 9 * * *", "CRON_TZ=Asia/Kolkata 30 18 * * *",
    "CRON_TZ=Asia/Kathmandu 0 0 * * *", "CRON_TZ=America/Phoenix 0 6 * * 1-5", "CRON_TZ=Etc/GMT+5 0 0 * * *",
    "CRON_TZ=UTC 0 0 * * *", "CRON_TZ=Local 0 0 * * *", "CRON_TZ=Asia/Tokyo @daily", "TZ=Asia/Tokyo   0 9 * * *  ",
    "CRON_TZ=Pacific/Kiritimati 0 0 1 * *", "CRON_TZ=Pacific/Pago_Pago 0 0 1 * *", "CRON_TZ=Asia/Tokyo @every 1h",
    "CRON_TZ=Europe/Berlin 0 12 * 1 *", "CRON_TZ=America/New_York 0 12 * 7 *", "CRON_TZ=US/Eastern 30 8 * 1 1-5",
    # impossible
    "0 0 30 2 *", "0 0 31 2,4,6,9,11 *", "0 0 31 4 *",
]

# Specs robfig rejects (and so must we).
BAD = [
    "", "* * * *", "* * * * * *", "0 0 0 0 0 0", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
    "* * * 0 *", "* * * 13 *", "*/0 * * * *", "1-30/0 * * * *", "5-1 * * * *", "1-2-3 * * * *",
    "1/2/3 * * * *", "a * * * *", "* * * foo *", "* * * * funday", "* * * * 8", "-1 * * * *", "1- * * * *",
    "*/x * * * *", "*/ * * * *", "0 0 1 January *", "0 0 * * Monday", "@daily2", "@DAILY", "@every",
    "@every 5", "@every 5x", "@every 1e3s", "@every  5m", "@every .s", "@every 9999999999h",
    "CRON_TZ=Mars/Base 0 0 * * *", "TZ=america/new_york 0 0 * * *", "CRON_TZ=UTC 0 0 * *",
    "@ 0 * * *", "0 0 1 Feb-Jan *", "sun * * * *", "0 0 * * 7-1", "0 0 L * *", "0 0 * * 1#2", "0 0 1W * *",
]

STARTS = ["2024-01-01T00:00:00Z", "2024-02-28T23:59:30Z", "2023-12-31T23:59:59.5Z", "2024-07-15T13:37:42Z",
          "2025-03-31T00:00:00Z"]


def main():
    lines = [f"{spec}\t{start}\t3" for spec in SPECS for start in STARTS]
    lines += [f"{spec}\t2024-01-01T00:00:00Z\t1" for spec in BAD]
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", TZ="UTC")
    result = subprocess.run(["go", "run", os.path.join(HERE, "main.go")], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, env=env, check=True)
    good, bad = [], []
    for row in result.stdout.splitlines():
        spec, start, outcome = row.split("\t")
        if spec in BAD:
            if not outcome.startswith("error"):
                raise SystemExit(f"robfig accepts {spec!r}: {outcome}")
            bad.append((spec, outcome[len("error: "):]))
        else:
            if outcome.startswith("error"):
                raise SystemExit(f"robfig rejects {spec!r}: {outcome}")
            good.append((spec, start, outcome.split(" ")))

    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = ["// Generated by hack/cron-oracle/generate.py from robfig/cron v3.0.1 (ParseStandard, Next) with",
           "// TZ=UTC. Do not edit; edit the generator and run it again.", "",
           "/// A schedule, an instant, and the next firings robfig computes from it (`zero`: none).",
           "struct CronOracleCase: Sendable, CustomStringConvertible {",
           "    var spec: String", "    var start: String", "    var fires: [String]",
           "    var description: String { \"\\(spec) after \\(start)\" }", "}", "",
           "enum CronOracle {", "    static let cases: [CronOracleCase] = ["]
    for spec, start, fires in good:
        out.append(f"        .init(spec: {q(spec)}, start: {q(start)}, fires: [{', '.join(q(f) for f in fires)}]),")
    out += ["    ]", "", "    /// Schedules robfig rejects, with its message.", "    static let rejected: [(spec: String, robfig: String)] = ["]
    for spec, message in bad:
        out.append(f"        ({q(spec)}, {q(message)}),")
    out += ["    ]", "}", ""]
    with open(OUT, "w") as f:
        f.write("\n".join(out))
    print(f"{len(good)} cases, {len(bad)} rejected specs -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
