import SparkOperatorAPI

extension JSONValue {
    /// A copy with the value at `path` set (creating objects on the way), or removed when nil
    /// (malformed and hostile variants of a valid object, in tests).
    public func setting(_ path: ArraySlice<String>, to value: JSONValue?) -> JSONValue {
        guard let key = path.first else { return value ?? .null }
        var object = objectValue ?? [:]
        if path.count == 1 {
            object[key] = value
        } else {
            object[key] = (object[key] ?? .object([:])).setting(path.dropFirst(), to: value)
        }
        return .object(object)
    }

    public func setting(_ path: [String], to value: JSONValue?) -> JSONValue {
        setting(path[...], to: value)
    }
}
