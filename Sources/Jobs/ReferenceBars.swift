import Foundation
import MarketData
import RuleLanguage

/// The bars of the other symbols a strategy's conditions read (`SPY.close`): reference data,
/// loaded once per run from the same data as the traded symbols (for a single CSV file, from
/// the folder it is in), never traded unless listed in `symbols:`. A symbol the data has no
/// bars for stops the run at its start, pointing at where a condition reads it.
package enum ReferenceBars {
    /// The symbols `inputs` read, in order of first use.
    package static func symbols(_ inputs: [StrategyInput]) -> [String] {
        var out: [String] = []
        for symbol in inputs.compactMap(\.referenceSymbol) where !out.contains(symbol) { out.append(symbol) }
        return out
    }

    /// `symbols`' bars from `dataPath`, by symbol. `location(symbol)` says where an expression
    /// reads the symbol (`strategies/f.yaml:7:29`), for the error when its bars are missing.
    package static func load(_ symbols: [String], dataPath: String, badRows: BadRowPolicy,
                             location: (String) -> String) throws -> [String: BarSeries] {
        guard !symbols.isEmpty else { return [:] }
        let path = Self.folder(of: dataPath)
        var out: [String: BarSeries] = [:]
        for symbol in symbols {
            do {
                if let series = try BarLoader.load(path: path, symbols: [symbol], badRows: badRows).series.first {
                    out[symbol] = series
                    continue
                }
            } catch let error as DataError where error.kind == .unknownSymbol || error.kind == .unreadable {
                throw ReferenceBarsError(message: "\(location(symbol)): error: no bars for \(symbol) in \(path), and a condition "
                    + "reads \(symbol) (another symbol's bars are loaded as reference data)\n  help: add \(symbol).csv to \(path) "
                    + "(algobot data fetch --symbols \(symbol)), or give --data a folder that has it")
            }
            throw ReferenceBarsError(message: "\(location(symbol)): error: no bars for \(symbol) in \(path)")
        }
        return out
    }

    /// A folder of `SYMBOL.csv` files or a database is read as it is; a single CSV file's
    /// neighbours are the other symbols.
    static func folder(of dataPath: String) -> String {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dataPath, isDirectory: &isFolder)
        guard exists, !isFolder.boolValue, dataPath.lowercased().hasSuffix(".csv") else { return dataPath }
        let folder = (dataPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}

/// A symbol a condition reads has no bars in the data.
package struct ReferenceBarsError: Error, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}
