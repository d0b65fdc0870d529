// gen-crds: writes the CustomResourceDefinitions of the Swift API types to one or more folders
// (`make crds`: `crds/` and its copy `deploy/base/crds/`, which `kubectl apply -k deploy/` needs
// inside its own tree), or with --check fails when the files in any of them differ (`make verify-crds`).
import Foundation
import Kube
import SparkOperatorAPI

var args = Array(CommandLine.arguments.dropFirst())
let check = args.first == "--check"
if check { args.removeFirst() }
guard !args.isEmpty else {
    FileHandle.standardError.write(Data("usage: gen-crds [--check] DIR...\n".utf8))
    exit(2)
}
do {
    let dirs = args.map { URL(fileURLWithPath: $0) }
    var stale: [String] = []
    for (fileName, crd) in try CustomResourceDefinitions.all() {
        let text = try CRDFile.render(crd)
        for dir in dirs {
            let url = dir.appendingPathComponent(fileName)
            if check {
                if (try? String(contentsOf: url, encoding: .utf8)) != text { stale.append(url.path) }
            } else {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
                print("wrote \(url.path) (\(text.utf8.count) bytes)")
            }
        }
    }
    if !stale.isEmpty {
        FileHandle.standardError.write(Data("out of date (run `make crds`): \(stale.joined(separator: ", "))\n".utf8))
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("gen-crds: \(error)\n".utf8))
    exit(1)
}
