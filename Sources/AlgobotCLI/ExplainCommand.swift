import ArgumentParser
import Audit
import Foundation
import Jobs

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say in plain words why the bot placed (or did not place) an order.",
        discussion: """
        --order accepts our order id (o-…) or the client order id (algobot-…).
        
        --decision explains any decision, including blocked ones ("why didn't it trade?").
        """)

    @Option(help: ArgumentHelp("Our order id or the client order id.", valueName: "order-id"))
    var order: String?

    @Option(help: ArgumentHelp("A decision id (from 'algobot audit export' or the backtest's --json orders list).", valueName: "decision-id"))
    var decision: String?

    @Option(help: ArgumentHelp("The audit log to read.", valueName: "file"), completion: PathCompletion.auditLog)
    var audit = DefaultPaths.audit

    @Option(help: "text or json.")
    var format: ExplainFormat = .text

    func validate() throws {
        guard (order == nil) != (decision == nil) else {
            throw ValidationError("give exactly one of --order <id> or --decision <id>")
        }
    }

    func run() throws {
        try Console.run {
            guard FileManager.default.fileExists(atPath: audit) else {
                throw CLIFailure("algobot explain: no audit log at \(audit); run 'algobot backtest --audit \(audit)' or pass --audit FILE")
            }
            do {
                let explainer = try Explainer(logPath: audit)
                let explanation = try order.map { try explainer.explain(orderId: $0) } ?? explainer.explain(decisionId: decision!)
                Console.out(try ExplanationText.render(explanation, format: format))
            } catch let error as ExplainError {
                throw CLIFailure("algobot explain: \(error.description)")
            } catch {
                throw CLIFailure("algobot explain: \(error)")
            }
        }
    }
}

extension ExplainFormat: ExpressibleByArgument {}
