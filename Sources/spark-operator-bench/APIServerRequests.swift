import Foundation
import KubeTesting

/// The API server's own count of requests (`apiserver_request_total` from its `/metrics`), to
/// say how many writes an application costs, whoever made them.
struct APIServerRequests: Sendable {
    /// (resource[/subresource], verb) → requests.
    var counts: [String: [String: Double]] = [:]
    /// (resource[/subresource], verb) → requests the API server refused with 409 (a conflict or
    /// an object that exists already).
    var conflicts: [String: [String: Double]] = [:]

    static let writeVerbs: Set<String> = ["POST", "PUT", "PATCH", "DELETE", "CREATE", "UPDATE", "APPLY"]

    static func scrape(_ cp: ControlPlane) async throws -> APIServerRequests {
        let response = try await cp.request("/metrics")
        var result = APIServerRequests()
        for line in response.body.split(separator: "\n") where line.hasPrefix("apiserver_request_total{") {
            guard let close = line.lastIndex(of: "}"),
                  let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            else { continue }
            var labels: [String: String] = [:]
            let body = line[line.index(after: line.firstIndex(of: "{")!)..<close]
            for pair in body.split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                labels[String(kv[0])] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            var resource = labels["resource"] ?? "?"
            if let sub = labels["subresource"], !sub.isEmpty { resource += "/\(sub)" }
            result.counts[resource, default: [:]][labels["verb"] ?? "?", default: 0] += value
            if labels["code"] == "409" {
                result.conflicts[resource, default: [:]][labels["verb"] ?? "?", default: 0] += value
            }
        }
        return result
    }

    /// Writes since `earlier`, per resource.
    func writes(since earlier: APIServerRequests) -> [String: Double] {
        Self.writes(counts, since: earlier.counts)
    }

    /// Requests of every verb since `earlier`, per "resource verb".
    func requests(since earlier: APIServerRequests) -> [String: Double] {
        var out: [String: Double] = [:]
        for (resource, verbs) in counts {
            for (verb, n) in verbs {
                let d = n - (earlier.counts[resource]?[verb] ?? 0)
                if d > 0 { out["\(resource) \(verb)"] = d }
            }
        }
        return out
    }

    /// Writes refused with 409 since `earlier`, per resource.
    func conflicts(since earlier: APIServerRequests) -> [String: Double] {
        Self.writes(conflicts, since: earlier.conflicts)
    }

    static func writes(_ counts: [String: [String: Double]], since earlier: [String: [String: Double]]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (resource, verbs) in counts {
            for (verb, n) in verbs where Self.writeVerbs.contains(verb) {
                let d = n - (earlier[resource]?[verb] ?? 0)
                if d > 0 { out[resource, default: 0] += d }
            }
        }
        return out
    }
}
