import Foundation

/// Turns the command line and the environment into the arguments `OperatorFlags` parses.
///
/// - Every flag `--some-flag` can come from `SPARK_OPERATOR_SOME_FLAG`; a flag given on the
///   command line wins over its variable.
/// - A flag's value is the next argument, whatever it looks like, as in Go (`--x -1`).
/// - Boolean flags accept Go's spellings too, as kubeflow's do: `--leader-election=true`,
///   `--enable-ui-service=false`, and in variables `true`/`false`/`1`/`0`/`t`/`f`.
public enum CommandLineArguments {
    /// Each flag's name, and whether it is a boolean switch (`--x` / `--no-x`).
    public static let flags: [(name: String, isBoolean: Bool)] = [
        ("kubeconfig", false), ("context", false), ("namespaces", false), ("label-selector-filter", false),
        ("controller-threads", false),
        ("leader-election", true), ("leader-election-lock-name", false), ("leader-election-lock-namespace", false),
        ("leader-election-lease-duration", false), ("leader-election-renew-deadline", false),
        ("leader-election-retry-period", false),
        ("metrics-bind-address", false), ("metrics-endpoint", false), ("metrics-prefix", false),
        ("metrics-labels", false), ("metrics-job-submit-latency-buckets", false),
        ("metrics-job-start-latency-buckets", false), ("health-probe-bind-address", false),
        ("enable-ui-service", true), ("ingress-url-format", false), ("ingress-class-name", false),
        ("ingress-tls", false), ("ingress-annotations", false), ("enable-batch-scheduler", true),
        ("kube-scheduler-names", false), ("default-batch-scheduler", false), ("spark-master", false),
        ("driver-pod-creation-grace-period", false), ("driver-pending-timeout", false),
        ("default-time-to-live-seconds", false), ("max-tracked-executor-per-app", false),
        ("log-level", false), ("log-format", false),
    ]

    /// `SPARK_OPERATOR_` and the flag's name in upper snake case.
    public static func environmentVariable(for flag: String) -> String {
        "SPARK_OPERATOR_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The arguments to parse, and which flags were taken from which variable.
    public struct Merged: Sendable, Equatable {
        public var arguments: [String]
        /// flag name → environment variable it came from.
        public var fromEnvironment: [String: String]
    }

    public static func merge(arguments: [String], environment: [String: String]) throws(FlagError) -> Merged {
        var result: [String] = []
        var given = Set<String>()
        var afterTerminator = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if afterTerminator || !argument.hasPrefix("--") {
                result.append(argument)
                afterTerminator = afterTerminator || argument == "--"
                continue
            }
            if argument == "--" {
                afterTerminator = true
                result.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? String(body)
            let plain = name.hasPrefix("no-") && isBoolean(String(name.dropFirst(3))) ? String(name.dropFirst(3)) : name
            given.insert(plain)
            if isBoolean(name), let eq = body.firstIndex(of: "=") {
                let value = String(body[body.index(after: eq)...])
                guard let on = parseBool(value) else { throw FlagError(name, "'\(value)' is not true or false") }
                result.append(on ? "--\(name)" : "--no-\(name)")
            } else if !body.contains("="), flags.contains(where: { $0.name == name && !$0.isBoolean }), index < arguments.count {
                // As Go's flag package: the next argument is the value, even when it starts
                // with "-" (`--driver-pending-timeout -1` is a negative value, not a flag).
                result.append(contentsOf: valued(name, arguments[index]))
                index += 1
            } else {
                result.append(argument)
            }
        }
        var fromEnvironment: [String: String] = [:]
        var extra: [String] = []
        for flag in flags where !given.contains(flag.name) {
            let variable = environmentVariable(for: flag.name)
            guard let value = environment[variable] else { continue }
            fromEnvironment[flag.name] = variable
            if flag.isBoolean {
                guard let on = parseBool(value) else {
                    throw FlagError(flag.name, "'\(value)' from \(variable) is not true or false")
                }
                extra.append(on ? "--\(flag.name)" : "--no-\(flag.name)")
            } else {
                extra.append(contentsOf: valued(flag.name, value))
            }
        }
        // Environment-derived flags go before a `--` terminator, if any.
        if let terminator = result.firstIndex(of: "--") {
            result.insert(contentsOf: extra, at: terminator)
        } else {
            result.append(contentsOf: extra)
        }
        return Merged(arguments: result, fromEnvironment: fromEnvironment)
    }

    /// `--name value` as ArgumentParser reads it whatever the value: `--name=-1` for a value
    /// that looks like a flag, two arguments otherwise (`--name=` would be a missing value).
    static func valued(_ name: String, _ value: String) -> [String] {
        value.hasPrefix("-") ? ["--\(name)=\(value)"] : ["--\(name)", value]
    }

    static func isBoolean(_ name: String) -> Bool {
        flags.contains { $0.name == name && $0.isBoolean }
    }

    /// Go's `strconv.ParseBool`.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: return nil
        }
    }
}
