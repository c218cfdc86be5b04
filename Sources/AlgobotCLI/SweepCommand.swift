import ArgumentParser

/// `algobot sweep [STRATEGY] --param ...` runs the sweep (`SweepRunCommand`, the default);
/// `algobot sweep merge PART...` joins the parts of a sharded one.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Backtest every combination of params and rank them, with the deflated Sharpe ratio of the best.",
        discussion: "algobot sweep [STRATEGY] --param fast=5:50:1 --param slow=20:200:5 [--where \"fast < slow\"] ... (docs/SWEEP.md)",
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)
}
