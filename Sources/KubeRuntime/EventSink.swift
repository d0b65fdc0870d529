import Kube
import SparkOperatorAPI

/// Where an `EventRecorder` writes: the API server, or an in-memory sink in unit tests.
package protocol EventSink: Sendable {
    func create(_ event: Event) async throws -> Event
    /// Merge patch of `body` on the Event `name` in `namespace`.
    func patch(name: String, namespace: String, body: JSONValue) async throws -> Event
}

/// core/v1 Events on the API server.
package struct KubeEventSink: EventSink {
    let client: KubeClient

    package init(client: KubeClient) { self.client = client }

    package func create(_ event: Event) async throws -> Event {
        try await client.create(event)
    }

    package func patch(name: String, namespace: String, body: JSONValue) async throws -> Event {
        try await client.patch(Event.self, name: name, namespace: namespace, patch: .merge(body))
    }
}
