import Alpaca
import AlpacaSimulator
import ArgumentParser
import Foundation
import Jobs
import Logging
import Runtime

extension BrokerChoice: ExpressibleByArgument {}

/// How to reach a broker, shared by run, approvals approve and data fetch.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Seconds to wait for one broker answer before retrying.")
    var timeout: Double = 15

    @Option(help: "Attempts per broker call (the first included) before the bot fails closed.")
    var retries: Int = 5

    @Option(help: "Seconds before the first retry; doubles each time (capped at 8 s).")
    var retryDelay: Double = 0.5

    @Option(help: "The .env file holding APCA_API_KEY_ID and APCA_API_SECRET_KEY (the environment wins).",
            completion: PathCompletion.anyFile)
    var envFile = ".env"

    func validate() throws {
        // Upper bounds too: the durations below are whole milliseconds, and a conversion of
        // a number beyond Int64 would stop the program instead of saying what is wrong.
        guard timeout > 0, timeout <= 3600, (1...100).contains(retries), retryDelay >= 0, retryDelay <= 3600 else {
            throw ValidationError("--timeout must be more than 0 and at most 3600 seconds, --retries from 1 to 100, "
                + "--retry-delay from 0 to 3600 seconds")
        }
    }

    var timeouts: Timeouts {
        Timeouts(connect: .milliseconds(Int64(min(timeout, 5) * 1000)), request: .milliseconds(Int64(timeout * 1000)))
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(baseDelay: .milliseconds(Int64(retryDelay * 1000)), maxDelay: .seconds(8), maxAttempts: retries,
                    totalDeadline: .seconds(max(60, timeout * Double(retries) * 2)))
    }
}

/// An open client plus what the run needs to know about it.
struct BrokerConnection {
    let client: AlpacaClient
    /// alpaca | sim
    let kind: String
    /// Trading URL without keys.
    let url: String
    /// Key values to mask in logs and the audit (empty for the simulator's built-in keys).
    let secrets: [String]

    var broker: AlpacaBroker { AlpacaBroker(client: client, kind: kind) }

    func shutdown() async { try? await client.shutdown() }

    /// Whether paper keys are set in the environment or the .env file.
    static func keysAvailable(envFile: String) -> Bool {
        (try? Credentials.load(environment: ProcessInfo.processInfo.environment, dotEnvPath: envFile)) != nil
    }

    /// Alpaca paper trading with keys from the environment or `.env`; a live URL is refused.
    static func alpaca(_ options: ConnectionOptions) throws -> BrokerConnection {
        ConfiguredSecrets.register(envFile: options.envFile)
        let environment = ProcessInfo.processInfo.environment
        let keys = try? Credentials.load(environment: environment, dotEnvPath: options.envFile)
        LogOptions.bootstrapQuiet(secrets: keys.map { [$0.keyID, $0.secretKey] } ?? [])
        var configuration: AlpacaConfiguration
        do {
            configuration = try AlpacaConfiguration.fromEnvironment(environment, dotEnvPath: options.envFile,
                                                                      logger: Logger(label: "algobot.alpaca"))
        } catch {
            throw CLIFailure("\(error)")
        }
        configuration.timeouts = options.timeouts
        configuration.retryPolicy = options.retryPolicy
        let client = try AlpacaClient(configuration: configuration, environment: environment)
        let credentials = configuration.credentials
        return BrokerConnection(client: client, kind: "alpaca", url: hostText(configuration.tradingBaseURL),
                                secrets: [credentials.keyID, credentials.secretKey])
    }

    /// `https://paper-api.alpaca.markets`: scheme, host and port only (never user info or a query).
    static func hostText(_ url: URL) -> String {
        "\(url.scheme ?? "https")://\(url.host ?? "?")" + (url.port.map { ":\($0)" } ?? "")
    }

    /// A simulator on this machine (ours or `algobot sim`), with the simulator's built-in keys.
    static func simulator(url text: String, _ options: ConnectionOptions) throws -> BrokerConnection {
        guard let url = URL(string: text), let host = url.host, ["127.0.0.1", "localhost", "::1"].contains(host),
              url.user == nil, url.password == nil else {
            throw CLIFailure("--sim-url \(URLUserInfo.masked(text)): the simulator runs on this machine and takes no user name "
                + "or password in its URL; give a URL like http://127.0.0.1:8765")
        }
        LogOptions.bootstrapQuiet()
        let configuration = AlpacaConfiguration(
            tradingBaseURL: url, dataBaseURL: url,
            credentials: Credentials(keyID: SimulatorConfig.defaultKeyID, secretKey: SimulatorConfig.defaultSecretKey),
            timeouts: options.timeouts, retryPolicy: options.retryPolicy, logger: Logger(label: "algobot.alpaca"))
        do {
            let client = try AlpacaClient(configuration: configuration, environment: ProcessInfo.processInfo.environment)
            return BrokerConnection(client: client, kind: "sim", url: text, secrets: [])
        } catch {
            throw CLIFailure("\(error)")
        }
    }
}
