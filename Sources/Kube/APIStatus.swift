import SparkOperatorAPI

/// `metav1.Status`: the body of every API error response and of watch `ERROR` events.
public struct APIStatus: Codable, Sendable, Hashable {
    public var kind: String?
    public var apiVersion: String?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    public var reason: String?
    public var details: StatusDetails?
    public var code: Int?

    public init(
        status: String? = nil, message: String? = nil, reason: String? = nil,
        details: StatusDetails? = nil, code: Int? = nil
    ) {
        self.kind = "Status"
        self.apiVersion = "v1"
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }
}

/// `metav1.StatusDetails`.
public struct StatusDetails: Codable, Sendable, Hashable {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int?

    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
        causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// `metav1.StatusCause`: one reason a request failed, e.g. a field that did not validate.
public struct StatusCause: Codable, Sendable, Hashable {
    /// The cause type, e.g. `FieldValueRequired`, `FieldValueInvalid` (JSON key `reason`).
    public var reason: String?
    public var message: String?
    /// The field path, e.g. `spec.containers[0].image`.
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
