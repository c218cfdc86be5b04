import ArgumentParser
import Audit
import Engine
import Foundation
import Jobs
import Policy
import RuleLanguage
import Runtime
import Vocabulary

struct ApprovalsApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve an order after re-running the policy against the broker's state now.",
        discussion: """
        The broker is the one the running bot uses (from state/status.json) unless --broker says \
        otherwise. If its state cannot be read, nothing is approved and the order keeps waiting.
        """)

    @Argument(help: "The order id (o-…) from `algobot approvals list`.")
    var id: String

    @Option(help: ArgumentHelp("A note for the audit log.", valueName: "text"))
    var note: String?

    @Option(help: ArgumentHelp("Who approves (default: your user name).", valueName: "name"))
    var by: String?

    @OptionGroup var paths: StateOptions

    @Option(help: ArgumentHelp("Strategy file (default: the running bot's).", valueName: "file"), completion: PathCompletion.yamlFile)
    var strategy: String?

    @Option(help: ArgumentHelp("Policy file (default: the running bot's; any other is refused).", valueName: "file"), completion: PathCompletion.yamlFile)
    var policy: String?

    @Option(help: "alpaca or sim (default: the running bot's broker).")
    var broker: BrokerChoice?

    @Option(help: "The simulator's URL (default: the running bot's).")
    var simURL: String?

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try Console.run(envFile: connection.envFile) {
            let context = try ApprovalContext(paths)
            let status = context.status
            // An unknown id is said so before the broker is asked anything.
            let queue = try context.queue()
            do {
                _ = try queue.item(id: id, now: context.now)
            } catch let error as ApprovalError {
                throw CLIFailure("algobot approvals approve: \(error.description)")
            }
            let policyFile = try botPolicyFile(folder: context.folder, status: status)
            let linter = Linter()
            let core: TradingCore
            do {
                let checked = try linter.strategy(at: strategy ?? status?.strategy ?? DefaultPaths.strategy)
                core = TradingCore(strategy: StrategyCompiler.compile(checked),
                                   policy: CompiledPolicy(try linter.policy(at: policyFile)),
                                   symbols: checked.symbols)
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            }
            let choice = broker ?? (simURL != nil ? .sim : BrokerChoice(rawValue: status?.broker ?? "") ?? .alpaca)
            let link: BrokerConnection
            switch choice {
            case .alpaca: link = try BrokerConnection.alpaca(connection)
            case .sim:
                guard let url = simURL ?? (status?.broker == "sim" ? status?.brokerURL : nil) else {
                    throw CLIFailure("algobot approvals approve: which simulator? Pass --sim-url (the bot's status file names none)")
                }
                link = try BrokerConnection.simulator(url: url, connection)
            }
            let folder = context.folder
            let who = Console.masked(by ?? Operator.name)
            let note = note.map(Console.masked)
            let recheck = ApprovalRecheck(core: core, broker: link.broker)
            let current: ApprovalRecheck.State
            do {
                current = try AsyncBridge.run { try await recheck.prepare(auditPath: folder.audit) }
                shutdown(link)
            } catch {
                shutdown(link)
                throw CLIFailure("algobot approvals approve: cannot read the broker's state (\(error)). Nothing was approved; "
                    + "\(id) keeps waiting. Try again when the broker answers.")
            }
            let now = MarketTime.utcText(current.clock.now)
            do {
                let transition = try queue.approve(id: id, by: who, note: note, now: now) { record in
                    try recheck.recheck(record, state: current, approval: HumanApproval(by: who, note: note))
                }
                Console.out(transition.summary + "\n")
                if transition.record.action != .approved {
                    for check in transition.record.recheck ?? [] where check.result != .pass {
                        Console.out("  \(check.id): \(check.message)\n")
                    }
                    throw ExitCode(1)
                }
            } catch let error as ApprovalError {
                throw CLIFailure("algobot approvals approve: \(error.description)")
            }
        }
    }

    private func shutdown(_ link: BrokerConnection) {
        _ = try? AsyncBridge.run { await link.shutdown() }
    }
}
