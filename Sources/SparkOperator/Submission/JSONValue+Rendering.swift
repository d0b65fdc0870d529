import Foundation
import SparkOperatorAPI

extension JSONValue {
    /// Compact JSON with sorted keys and unescaped slashes.
    public var compactJSON: String {
        (try? JSONCoding.encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Indented JSON with sorted keys and unescaped slashes, ending with a newline.
    public var prettyJSON: String {
        let encoder = JSONCoding.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return ((try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null") + "\n"
    }
}
