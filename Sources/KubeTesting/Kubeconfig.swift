import Foundation

/// A kubeconfig file for one user of the test control plane (bearer token, CA file, one context).
enum Kubeconfig {
    static func write(to path: String, server: String, caFile: String, user: String, token: String) throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: spark-operator-test
              cluster:
                server: \(server)
                certificate-authority: \(caFile)
            users:
            - name: \(user)
              user:
                token: \(token)
            contexts:
            - name: \(user)
              context:
                cluster: spark-operator-test
                user: \(user)
                namespace: default
            current-context: \(user)

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
