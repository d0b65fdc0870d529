import SparkOperatorAPI

/// `authentication.k8s.io/v1` TokenRequest (the `serviceaccounts/<name>/token` subresource).
public struct TokenRequest: Codable, Sendable, Hashable {
    public var apiVersion: String = "authentication.k8s.io/v1"
    public var kind: String = "TokenRequest"
    public var metadata: ObjectMeta?
    public var spec: Spec
    public var status: Status?

    public struct Spec: Codable, Sendable, Hashable {
        public var audiences: [String]
        public var expirationSeconds: Int64?
        public var boundObjectRef: BoundObjectReference?
    }

    public struct BoundObjectReference: Codable, Sendable, Hashable {
        public var apiVersion: String?
        public var kind: String
        public var name: String
        public var uid: String?
        public init(apiVersion: String? = "v1", kind: String, name: String, uid: String? = nil) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.name = name
            self.uid = uid
        }
    }

    public struct Status: Codable, Sendable, Hashable {
        public var token: String
        public var expirationTimestamp: KubeTime
    }

    public init(audiences: [String], expirationSeconds: Int64? = nil, boundObjectRef: BoundObjectReference? = nil) {
        spec = Spec(audiences: audiences, expirationSeconds: expirationSeconds, boundObjectRef: boundObjectRef)
    }
}
