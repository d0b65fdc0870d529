import Foundation

/// How each program of the control plane is started and when it counts as ready.
extension ControlPlane {
    /// etcd on two fresh ports, healthy. Returns it and its client URL.
    static func startEtcd(stateDir: String, binaries: ControlPlaneBinaries) async throws -> (ServerProcess, String) {
        let dataDir = "\(stateDir)/etcd"
        var clientURL = ""
        let process = try await startRetryingOnPortClash(attempts: 3) {
            clientURL = "http://127.0.0.1:\(try FreePort.next())"
            let peerURL = "http://127.0.0.1:\(try FreePort.next())"
            try? FileManager.default.removeItem(atPath: dataDir)
            return try ServerProcess(
                name: "etcd", executable: binaries.etcd,
                arguments: [
                    "--name", "test", "--data-dir", dataDir,
                    "--listen-client-urls", clientURL, "--advertise-client-urls", clientURL,
                    "--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
                    "--initial-cluster", "test=\(peerURL)",
                    "--unsafe-no-fsync", "--quota-backend-bytes", "2147483648",
                ],
                stateDir: stateDir)
        } ready: { process in
            try await waitReady(process, "healthy at \(clientURL)/health", timeout: .seconds(30)) {
                let health = try await Command.run(binaries.curl, ["-s", "--max-time", "1", "\(clientURL)/health"])
                return health.stdout.contains(#""health":"true""#)
            }
        }
        return (process, clientURL)
    }

    /// kube-apiserver on `port` (or a fresh one), ready (`/readyz` says ok). Returns it and its port.
    static func startAPIServer(
        port fixedPort: Int?, etcdURL: String, pki: ControlPlanePKI, stateDir: String, binaries: ControlPlaneBinaries
    ) async throws -> (ServerProcess, Int) {
        var port = 0
        let process = try await startRetryingOnPortClash(attempts: fixedPort == nil ? 3 : 1) {
            port = try fixedPort ?? FreePort.next()
            return try ServerProcess(
                name: "kube-apiserver", executable: binaries.kubeAPIServer,
                arguments: [
                    "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
                    "--secure-port=\(port)", "--insecure-port=0",
                    "--etcd-servers=\(etcdURL)",
                    "--tls-cert-file=\(pki.serverCert)", "--tls-private-key-file=\(pki.serverKey)",
                    "--client-ca-file=\(pki.caCert)",
                    "--token-auth-file=\(pki.tokenFile)", "--authorization-mode=RBAC",
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--service-account-key-file=\(pki.serviceAccountPublicKey)",
                    "--service-account-signing-key-file=\(pki.serviceAccountKey)",
                    "--service-cluster-ip-range=10.96.0.0/16", "--allow-privileged=true",
                    // No `kubernetes` Service endpoints: 127.0.0.1 is not a valid endpoint address.
                    "--endpoint-reconciler-type=none",
                    "--cert-dir=\(stateDir)/apiserver-certs", "--profiling=false", "--v=1",
                ],
                stateDir: stateDir)
        } ready: { process in
            let readyz = "https://127.0.0.1:\(port)/readyz"
            try await waitReady(process, "ready at \(readyz)", timeout: .seconds(90)) {
                let response = try await request(
                    curl: binaries.curl, url: readyz, caFile: pki.caCert, token: pki.adminToken, maxTime: 2)
                return response.status == 200 && response.body == "ok"
            }
        }
        return (process, port)
    }

    /// kube-controller-manager with the controllers the tests rely on. Its readiness is the
    /// `default` ServiceAccount it creates, which the caller waits for.
    static func launchControllerManager(
        kubeconfig: String, pki: ControlPlanePKI, stateDir: String, binaries: ControlPlaneBinaries
    ) throws -> ServerProcess {
        try ServerProcess(
            name: "kube-controller-manager", executable: binaries.kubeControllerManager,
            arguments: [
                "--kubeconfig=\(kubeconfig)",
                "--controllers=garbagecollector,namespace,serviceaccount,serviceaccount-token",
                "--service-account-private-key-file=\(pki.serviceAccountKey)",
                "--root-ca-file=\(pki.caCert)",
                "--use-service-account-credentials=false",
                "--leader-elect=false", "--port=0", "--secure-port=0", "--v=1",
            ],
            stateDir: stateDir)
    }

    /// Launches with fresh ports until `ready` passes; retries only when the log says a port was
    /// taken meanwhile (the gap between `FreePort.next()` and the server's own bind).
    static func startRetryingOnPortClash(
        attempts: Int, launch: () throws -> ServerProcess, ready: (ServerProcess) async throws -> Void
    ) async throws -> ServerProcess {
        var attempt = 1
        while true {
            let process = try launch()
            do {
                try await ready(process)
                return process
            } catch {
                let clash = process.logTail(lines: 100).contains("address already in use")
                await process.terminate(grace: .seconds(5))
                guard clash, attempt < attempts else { throw error }
                attempt += 1
            }
        }
    }

    /// Polls `check` until true. Fails at once if the process exits, or after `timeout`; either
    /// way the error carries the tail of the process's log.
    static func waitReady(
        _ process: ServerProcess, _ what: String, timeout: Duration, _ check: () async throws -> Bool
    ) async throws {
        do {
            try await waitUntil("\(process.name) to be \(what)", timeout: timeout) {
                guard process.isRunning else {
                    throw ControlPlaneError(
                        "\(process.name) exited with status \(process.exitStatus) before being \(what)")
                }
                return (try? await check()) ?? false
            }
        } catch {
            throw ControlPlaneError("\(error); from \(process.logFile):\n\(process.failureSummary())")
        }
    }
}
