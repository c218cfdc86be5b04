import ArgumentParser
public struct AlgobotCommand: ParsableCommand {
    public init() {}
    public func run() throws { print("algobot") }
}
