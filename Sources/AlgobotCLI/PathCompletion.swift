import ArgumentParser

/// What a shell offers after each kind of option, named once so every command completes the
/// same kind of value the same way (`algobot completion bash|zsh|fish`). ArgumentParser writes
/// these into the generated script; nothing runs when the user presses Tab.
enum PathCompletion {
    /// A strategy, policy or settings file.
    static var yamlFile: CompletionKind { .file(extensions: ["yaml", "yml"]) }

    /// Bars: a CSV file, a folder of SYMBOL.csv files or a SQLite bar store, so any file or folder.
    static var barData: CompletionKind { .file() }

    /// A folder of SYMBOL.csv files.
    static var barFolder: CompletionKind { .directory }

    static var csvFile: CompletionKind { .file(extensions: ["csv"]) }
    static var jsonFile: CompletionKind { .file(extensions: ["json"]) }
    static var htmlFile: CompletionKind { .file(extensions: ["html", "htm"]) }
    /// An audit log (hash-chained JSON lines).
    static var auditLog: CompletionKind { .file(extensions: ["jsonl"]) }
    static var sqliteFile: CompletionKind { .file(extensions: ["sqlite", "sqlite3", "db"]) }

    /// Any file (an export's output, a `.env` file).
    static var anyFile: CompletionKind { .file() }

    /// A state folder (audit log, approval queue, status).
    static var stateFolder: CompletionKind { .directory }

    /// The bar timeframes, as the strategy schema's `timeframe` lists them (a test keeps the two equal).
    static let timeframes = ["1Min", "5Min", "15Min", "30Min", "1Hour", "1Day"]
    static var timeframe: CompletionKind { .list(timeframes) }

    /// Alpaca's market-data feeds.
    static var feed: CompletionKind { .list(["iex", "sip"]) }
}
