/// An Ingress URL from a URL template (`--ingress-url-format`, `driverIngressOptions[].ingressURLFormat`),
/// as kubeflow's `getDriverIngressURL` builds it: `{{$appName}}`, `{{$appNamespace}}` and
/// `{{$appId}}` (spaces allowed inside the braces) are replaced, and `http://` is prefixed when
/// the result has no scheme.
public struct IngressURL: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    /// The path, `""` when the URL has none.
    public var path: String
    /// The query and fragment as written (`?a=b#c`), usually empty.
    public var suffix: String

    public init(format: String, appName: String, appNamespace: String, appID: String, field: String = "ingressURLFormat") throws(SubmissionError) {
        var url = Self.substitute(format, ["appName": appName, "appNamespace": appNamespace, "appId": appID])
        if let range = url.range(of: "://") {
            scheme = String(url[..<range.lowerBound])
            url = String(url[range.upperBound...])
        } else {
            scheme = "http"
        }
        let rest = url.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        host = String(url[..<rest])
        let tail = url[rest...]
        let pathEnd = tail.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? tail.endIndex
        path = String(tail[..<pathEnd])
        suffix = String(tail[pathEnd...])
        if scheme.isEmpty || host.contains(" ") {
            throw .invalidValue(field: field, value: format, message: "not a URL such as {{$appName}}.example.com or example.com/{{$appNamespace}}/{{$appName}}")
        }
    }

    /// A sub-path (anything but `""` and `/`): served through the capture groups `(/|$)(.*)`.
    public var hasSubPath: Bool { !path.isEmpty && path != "/" }

    /// The Ingress rule path: the URL path, plus `(/|$)(.*)` for a sub-path.
    public var ingressPath: String { hasSubPath ? path + "(/|$)(.*)" : path }

    public var description: String { "\(scheme)://\(host)\(path)\(suffix)" }

    /// Replaces `{{ $name }}` placeholders (whitespace inside the braces allowed).
    static func substitute(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let inner = after[..<close.lowerBound].trimmingCharacters(in: " \t\n\r")
            if inner.hasPrefix("$"), let value = values[String(inner.dropFirst())] {
                out += value
                rest = after[close.upperBound...]
            } else {
                out += "{{"
                rest = after
            }
        }
        out += rest
        return out
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = self
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}
