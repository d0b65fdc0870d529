import Foundation
import Kube

/// One call of `EventRecorder.record`, captured at the time it happened.
struct EventOccurrence: Sendable, Hashable {
    var involvedObject: ObjectReference
    var type: EventType
    var reason: String
    var message: String
    var time: Date
}
