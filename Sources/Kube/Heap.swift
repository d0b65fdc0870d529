#if canImport(Glibc)
import Glibc
#endif

/// The process's heap.
public enum Heap {
    /// Gives freed heap memory back to the system (glibc's `malloc_trim`, looked up at run time:
    /// the Glibc module does not export it), so RSS shows what is in use. Elsewhere a no-op.
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }
}
