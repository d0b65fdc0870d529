/// `core/v1.Event.type`.
public enum EventType: String, Sendable, Hashable, CaseIterable {
    case normal = "Normal"
    case warning = "Warning"
}
