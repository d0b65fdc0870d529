import Testing

@testable import Kube

/// Status bodies as kube-apiserver 1.20 sends them.
@Suite("KubeAPIError")
struct KubeAPIErrorTests {
    static func error(_ code: Int, _ body: String, retryAfter: Int? = nil) -> KubeAPIError {
        KubeAPIError(httpCode: code, body: Array(body.utf8), retryAfterSeconds: retryAfter)
    }

    @Test func notFound() {
        let e = Self.error(
            404,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"spark-pi-driver\" not found","reason":"NotFound","details":{"name":"spark-pi-driver","kind":"pods"},"code":404}"#
        )
        #expect(e.code == 404)
        #expect(e.reason == .notFound)
        #expect(e.message == #"pods "spark-pi-driver" not found"#)
        #expect(e.details?.name == "spark-pi-driver")
        #expect(e.details?.kind == "pods")
        #expect(e.isNotFound)
        #expect(!e.isConflict && !e.isAlreadyExists && !e.isGone && !e.isInvalid && !e.isForbidden)
        #expect(e.bodyExcerpt == nil)
        #expect(e.description == #"Kubernetes API error 404 NotFound: pods "spark-pi-driver" not found"#)
    }

    @Test func alreadyExistsIsNotAConflict() {
        let e = Self.error(
            409,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"spark-drv-conf-map\" already exists","reason":"AlreadyExists","details":{"name":"spark-drv-conf-map","kind":"configmaps"},"code":409}"#
        )
        #expect(e.code == 409)
        #expect(e.isAlreadyExists)
        #expect(!e.isConflict)
        #expect(!e.isNotFound)
    }

    @Test func conflict() {
        let e = Self.error(
            409,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on sparkapplications.sparkoperator.k8s.io \"spark-pi\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"spark-pi","group":"sparkoperator.k8s.io","kind":"sparkapplications"},"code":409}"#
        )
        #expect(e.isConflict)
        #expect(!e.isAlreadyExists)
        #expect(e.details?.group == "sparkoperator.k8s.io")
        #expect(e.message.contains("the object has been modified"))
    }

    @Test func goneFromExpiredResourceVersion() {
        let e = Self.error(
            410,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (4512)","reason":"Expired","code":410}"#
        )
        #expect(e.isGone)
        #expect(e.reason == .expired)
        let gone = Self.error(410, #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"gone","reason":"Gone","code":410}"#)
        #expect(gone.isGone && gone.reason == .gone)
    }

    @Test func invalidWithCauses() {
        let e = Self.error(
            422,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Pod \"BadName\" is invalid: [metadata.name: Invalid value: \"BadName\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', spec.containers[0].image: Required value]","reason":"Invalid","details":{"name":"BadName","kind":"Pod","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"BadName\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'","field":"metadata.name"},{"reason":"FieldValueRequired","message":"Required value","field":"spec.containers[0].image"}]},"code":422}"#
        )
        #expect(e.isInvalid)
        #expect(e.code == 422)
        #expect(e.details?.kind == "Pod")
        #expect(e.details?.causes?.count == 2)
        #expect(e.details?.causes?[1] == StatusCause(reason: "FieldValueRequired", message: "Required value", field: "spec.containers[0].image"))
    }

    @Test func forbidden() {
        let e = Self.error(
            403,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:spark:spark-operator\" cannot list resource \"pods\" in API group \"\" at the cluster scope","reason":"Forbidden","details":{"kind":"pods"},"code":403}"#
        )
        #expect(e.isForbidden)
        #expect(e.message.contains("cannot list resource"))
    }

    @Test func unauthorizedAndThrottled() {
        let u = Self.error(
            401, #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#)
        #expect(u.isUnauthorized)
        let t = Self.error(
            429,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}"#,
            retryAfter: 1)
        #expect(t.isTooManyRequests)
        #expect(t.retryAfterSeconds == 1)
    }

    @Test func nonStatusBodyKeepsCodeAndExcerpt() {
        let e = Self.error(502, "<html><body>502 Bad Gateway</body></html>")
        #expect(e.code == 502)
        #expect(e.reason == .unknown)
        #expect(e.bodyExcerpt == "<html><body>502 Bad Gateway</body></html>")
        #expect(e.message.contains("HTTP 502"))
        #expect(e.message.contains("Bad Gateway"))

        let notFound = Self.error(404, "404 page not found\n")
        #expect(notFound.isNotFound)
        #expect(notFound.reason == .notFound)
        #expect(notFound.bodyExcerpt == "404 page not found")

        let conflict = Self.error(409, "conflict")
        #expect(conflict.isConflict && !conflict.isAlreadyExists)

        let empty = Self.error(503, "")
        #expect(empty.reason == .serviceUnavailable)
        #expect(empty.message.contains("empty body"))
    }

    @Test func longBodyIsTruncated() {
        let e = Self.error(500, String(repeating: "x", count: 5000))
        #expect(e.bodyExcerpt?.count == 1025)
        #expect(e.bodyExcerpt?.hasSuffix("…") == true)
    }

    @Test func statusWithoutReasonGetsOneFromTheCode() {
        let e = Self.error(404, #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server could not find the requested resource","code":404}"#)
        #expect(e.reason == .notFound)
        #expect(e.isNotFound)
    }

    @Test func jsonThatIsNotAStatus() {
        let e = Self.error(500, #"{"error":"boom"}"#)
        #expect(e.code == 500)
        #expect(e.bodyExcerpt == #"{"error":"boom"}"#)
    }
}
