/// What a command hands to the end of the process instead of freeing it. A sweep's report
/// holds a summary per combination (thousands of small objects); freeing them one by one
/// after the last line is written took 20 to 40 ms of the whole process, and the kernel
/// takes the whole heap back at exit in no time. Only for values whose deinit does nothing
/// but free memory (no file to close, no record to flush).
enum ExitingProcess {
    private final class Kept<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Kept(value))
    }
}
