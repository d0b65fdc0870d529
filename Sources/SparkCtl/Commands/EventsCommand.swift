import ArgumentParser
import Kube
import SparkOperator
import SparkOperatorAPI

/// `sparkctl events NAME`: the events of the application and of its driver pod.
struct EventsCommand: ParsableCommand, CtlCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Show the events of an application and of its driver pod, oldest first.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The SparkApplication.") var name: String

    func run(_ context: CtlContext) async throws {
        let client = context.client
        let ns = context.namespace
        let app = try await client.get(SparkApplication.self, name: name, namespace: ns)
        let driverPod = app.status?.driverInfo?.podName ?? ResourceNames.driverPod(app: app.name, spec: app.spec)
        let podUID: String?
        do {
            podUID = try await client.get(Pod.self, name: driverPod, namespace: ns).metadata.uid
        } catch let e as KubeAPIError where e.isNotFound {
            podUID = nil
        }
        var events = try await Self.events(client, ns, kind: "SparkApplication", name: app.name, uid: app.metadata.uid)
        events += try await Self.events(client, ns, kind: "Pod", name: driverPod, uid: podUID)
        guard !events.isEmpty else {
            context.err("No events found for sparkapplication \"\(name)\" or its driver pod \"\(driverPod)\" in \(ns) namespace.\n")
            return
        }
        context.out(EventList.render(events, now: context.now()))
    }

    /// Events about `kind`/`name`; when the object's uid is known, not those of an earlier object
    /// of that name.
    static func events(_ client: KubeClient, _ ns: String, kind: String, name: String, uid: String?) async throws -> [Event] {
        let selector = "involvedObject.kind=\(kind),involvedObject.name=\(name)"
        let list = try await client.listAll(Event.self, namespace: ns, options: ListOptions(fieldSelector: selector))
        return list.items.filter { e in
            guard let uid, let other = e.involvedObject.uid, !other.isEmpty else { return true }
            return other == uid
        }
    }
}
