import Foundation
import Kube
import KubeTesting
import SparkOperatorAPI
import Testing

extension ChaosIntegrationTests {
    struct HostileResult: Sendable {
        var spec: HostileSpec
        var name: String
        var outcome: HostileSpec.Outcome?
        var detail: String
    }

    @Test("malformed and hostile specs: each rejected by the API server or failed with a message; the operator keeps serving")
    func hostileSpecs() async throws {
        let specs = ChaosReport.isFull ? HostileSpec.all : HostileSpec.short
        let cp = try await ControlPlane.shared()
        try await ChaosBed.run(on: cp, prefix: "chaos-hostile") { bed in
            let ns = bed.namespace
            // Bystanders: another application's driver, a pod and a Service the operator did not create.
            let op = try bed.startOperator("chaos-hostile")
            let pid = op.pid
            try await bed.createApplications(["victim"])
            _ = try await bed.waitForTerminal(["victim"], timeout: Self.patience)
            let victimDriver = try await bed.admin.get(Pod.self, name: "victim-driver", namespace: ns)
            let bystanderPod = try await bed.admin.create(Pod(
                metadata: ObjectMeta(name: "bystander", namespace: ns),
                spec: ["containers": [["name": "main", "image": "busybox"]]]))
            let bystanderService = try await bed.admin.create(
                KubeService(
                    metadata: ObjectMeta(name: "db-ui-svc", namespace: ns),
                    spec: ["ports": [["port": 5432, "protocol": "TCP"]], "selector": ["app": "db"]]))

            // Create every variant, a few at a time.
            var results: [HostileResult] = []
            for (i, spec) in specs.enumerated() {
                var object = spec.object
                let name = spec.keepName ? (object["metadata"]?["name"]?.stringValue ?? "") : String(format: "h-%03d", i)
                object = object.setting(["metadata", "name"], to: .string(name)).setting(["metadata", "namespace"], to: .string(ns))
                do {
                    _ = try await bed.admin.create(SparkApplication.resourceType, object, namespace: ns)
                    results.append(HostileResult(spec: spec, name: name, outcome: nil, detail: ""))
                } catch let e as KubeAPIError {
                    results.append(HostileResult(spec: spec, name: name, outcome: .rejected, detail: "\(e.code) \(e.message)"))
                } catch {
                    results.append(HostileResult(spec: spec, name: name, outcome: .rejected, detail: "\(error)"))
                }
            }
            let accepted = Set(results.filter { $0.outcome == nil }.map(\.name))
            // Every accepted one ends; then a valid application still runs through.
            var stuck: [String] = []
            var apps: [String: AppView] = [:]
            do {
                apps = try await bed.waitForTerminal(accepted, timeout: Self.patience)
            } catch {
                apps = Dictionary(((try? await bed.applications()) ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                stuck = accepted.filter { apps[$0]?.isTerminal != true }.sorted()
            }
            try await bed.createApplications(["after-hostile"])
            let after = try await bed.waitForTerminal(["after-hostile"], timeout: Self.patience)

            for i in results.indices where results[i].outcome == nil {
                let app = apps[results[i].name]
                switch app?.state {
                case "COMPLETED": results[i].outcome = .completed
                case "FAILED", "SUBMISSION_FAILED":
                    results[i].outcome = .failed
                    results[i].detail = "\(app!.state): \(app!.errorMessage)"
                default: results[i].detail = "stuck in \(app?.state ?? "absent")"
                }
            }
            var unexpected: [String] = []
            for r in results {
                let what = "\(r.spec.category): \(r.spec.description)"
                guard let outcome = r.outcome else {
                    unexpected.append("\(what) → \(r.detail)")
                    continue
                }
                if !r.spec.allowed.contains(outcome) {
                    unexpected.append("\(what) → \(outcome) (\(r.detail.prefix(200))), expected one of \(r.spec.allowed.map(\.rawValue).sorted())")
                }
                if outcome == .rejected {
                    let message = r.detail
                    if message.isEmpty || (r.spec.field.map { !message.contains($0) } ?? false) {
                        unexpected.append("\(what) → rejected without naming \(r.spec.field ?? "a reason"): \(message.prefix(300))")
                    }
                }
                if outcome == .failed && apps[r.name]?.errorMessage.isEmpty != false {
                    unexpected.append("\(what) → \(apps[r.name]?.state ?? "") without an errorMessage")
                }
            }
            #expect(unexpected.isEmpty, "\(unexpected.count) unexpected outcomes:\n\(unexpected.joined(separator: "\n"))")
            #expect(stuck.isEmpty, "accepted but never ended: \(stuck)")

            // The operator never crashed and kept serving; nothing of another owner was touched.
            #expect(op.isRunning && op.pid == pid, "the same operator process throughout: \(op.logTail())")
            #expect(after["after-hostile"]?.state == "COMPLETED", "a valid application after the hostile ones: \(String(describing: after["after-hostile"]))")
            let victimNow = try? await bed.admin.get(Pod.self, name: "victim-driver", namespace: ns)
            #expect(victimNow?.metadata.uid == victimDriver.metadata.uid, "another application's driver pod untouched")
            let bystanderNow = try? await bed.admin.get(Pod.self, name: "bystander", namespace: ns)
            #expect(bystanderNow?.metadata.uid == bystanderPod.metadata.uid, "a pod the operator did not create untouched")
            let serviceNow = try? await bed.admin.get(KubeService.self, name: "db-ui-svc", namespace: ns)
            #expect(serviceNow?.metadata.uid == bystanderService.metadata.uid, "a Service the operator did not create untouched")
            #expect(bed.drivers.byApp()["victim"]?.count == 1, "the victim has one driver: \(bed.drivers.byApp()["victim"] ?? [])")
            #expect(bed.drivers.deletions == 0, "no driver pod deleted")
            // Nothing created outside the namespace (spark.kubernetes.namespace=kube-system).
            let names = Set(results.map(\.name))
            let elsewhere = try await bed.admin.listAll(Pod.self, options: ListOptions(labelSelector: "spark-role"))
                .items.filter { $0.namespace != ns && names.contains($0.metadata.labels?["sparkoperator.k8s.io/app-name"] ?? "") }
            #expect(elsewhere.isEmpty, "pods outside the namespace: \(elsewhere.map { "\($0.namespace)/\($0.name)" })")
            await op.stop()

            var byOutcome: [String: Int] = [:]
            var byCategory: [String: [String: Int]] = [:]
            for r in results {
                let o = r.outcome?.rawValue ?? "stuck"
                byOutcome[o, default: 0] += 1
                byCategory[r.spec.category, default: [:]][o, default: 0] += 1
            }
            var lines = [
                "\(specs.count) variants: " + byOutcome.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    + "; \(unexpected.count) unexpected outcomes; \(stuck.count) never ended",
                "the operator (one process, pid \(pid)) never exited; a valid application created afterwards: \(after["after-hostile"]?.state ?? "?")",
                "bystanders (another application's driver, a foreign pod, a foreign Service named by a hostile spec): untouched; driver pods deleted: \(bed.drivers.deletions)",
            ]
            for (category, counts) in byCategory.sorted(by: { $0.key < $1.key }) {
                lines.append("\(category): " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            }
            ChaosReport.record("malformed and hostile specs", lines)
            if !unexpected.isEmpty || !stuck.isEmpty {
                for r in results { print("[chaos] \(r.name) \(r.spec.category): \(r.spec.description) → \(r.outcome?.rawValue ?? "stuck") \(r.detail.prefix(160))") }
            }
        }
    }

    // MARK: - token rotation

    @Test("a rotated token file is honoured without a restart: the old token revoked, the operator keeps reconciling")
    func tokenRotation() async throws {
        let full = ChaosReport.isFull
        let rotations = full ? 3 : 1
        let perPhase = full ? 20 : 3
        let cp = try await ControlPlane.shared()
        try await ChaosBed.run(on: cp, prefix: "chaos-token") { bed in
            // Each token is bound to a Secret: deleting the Secret revokes the token.
            var secrets: [Secret] = []
            func boundToken(_ i: Int) async throws -> String {
                let secret = try await bed.admin.create(Secret(
                    metadata: ObjectMeta(name: "chaos-token-\(bed.namespace)-\(i)", namespace: ChaosBed.operatorNamespace)))
                secrets.append(secret)
                return try await bed.operatorToken(boundTo: secret)
            }
            var token = try await boundToken(0)
            try await bed.writeToken(token)
            let op = try bed.startOperator("chaos-token")
            let pid = op.pid
            var names = (0..<perPhase).map { "tok-0-\($0)" }
            try await bed.createApplications(names)
            _ = try await bed.waitForTerminal(Set(names), timeout: Self.patience)
            var revokedAfter: [String] = []
            for r in 1...rotations {
                let old = token
                token = try await boundToken(r)
                try await bed.writeToken(token)
                _ = try await bed.admin.delete(Secret.self, name: secrets[r - 1].name, namespace: ChaosBed.operatorNamespace)
                // The API server caches successful authentications for 10 s.
                let revoking = ContinuousClock.now
                try await waitUntil("the old token to be rejected", timeout: .seconds(60), interval: .milliseconds(500)) {
                    try await cp.request("/apis/sparkoperator.k8s.io/v1beta2/sparkapplications?limit=1", as: .token(old)).status == 401
                }
                revokedAfter.append((ContinuousClock.now - revoking).formatted)
                let phase = (0..<perPhase).map { "tok-\(r)-\($0)" }
                try await bed.createApplications(phase)
                names += phase
            }
            let apps = try await bed.waitForTerminal(Set(names), timeout: Self.patience)
            #expect(op.isRunning && op.pid == pid, "the same operator process throughout: \(op.logTail())")
            for secret in secrets.dropLast() {
                _ = try? await bed.admin.delete(Secret.self, name: secret.name, namespace: ChaosBed.operatorNamespace)
            }
            await op.stop()
            _ = try? await bed.admin.delete(Secret.self, name: secrets.last!.name, namespace: ChaosBed.operatorNamespace)
            var lines = [
                "\(rotations) rotations of the operator's token file (TokenRequest tokens bound to Secrets); after each, the old token revoked (rejected with 401 after \(revokedAfter.joined(separator: ", "))) and \(perPhase) new applications created",
                "one operator process throughout (no restart)",
            ]
            lines += Self.verifyBurst(bed, names: names, apps: apps)
            ChaosReport.record("token file rotation", lines)
        }
    }
}
