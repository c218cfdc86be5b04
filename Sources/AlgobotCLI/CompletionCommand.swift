import ArgumentParser

/// `algobot completion bash|zsh|fish`: the completion script swift-argument-parser generates
/// from the same definitions as `--help` (the same text as `--generate-completion-script`,
/// under a name people look for), so it always matches the binary that printed it.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
        Tab then completes commands, options, file and folder names (strategy and policy files, \
        --data, --json, --html, --audit, --state) and the values of options that take one of a \
        few words (--timeframe, --broker, --format, --advisor). Install it as docs/COMPLETIONS.md \
        says, for example: algobot completion bash > ~/.local/share/bash-completion/completions/algobot
        """)

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish

        var completionShell: CompletionShell {
            switch self {
            case .bash: return .bash
            case .zsh: return .zsh
            case .fish: return .fish
            }
        }
    }

    @Argument(help: ArgumentHelp("The shell to print the script for: bash, zsh or fish.", valueName: "shell"))
    var shell: Shell

    func run() throws {
        try Console.run {
            // With the final newline `--generate-completion-script` prints too.
            Console.out(AlgobotCommand.completionScript(for: shell.completionShell) + "\n")
        }
    }
}
