/// Why a bench that runs other processes or writes files could not measure (the message says
/// what failed and, where it can, what to do).
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
