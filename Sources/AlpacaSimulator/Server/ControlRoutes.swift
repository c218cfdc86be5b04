import Foundation
import Vocabulary

/// `/sim/*`: the simulator's own control surface for tests and the soak test. Loopback only,
/// with the simulator's test keys in the same headers as the trading API (checked by
/// `RequestPipeline`), never rate-limited or faulted, not counted as Alpaca requests.
///
/// - `GET /sim/state`: `SimulatorState` as JSON.
/// - `POST /sim/advance` `{"bars": 3}`: move the clock (default 1 bar).
/// - `GET /sim/faults`, `POST /sim/faults` (a `FaultPlan`): read or replace the fault plan.
/// - `POST /sim/reset`: back to the configured start.
enum ControlRoutes {
    static func handle(method: String, path: String, body: Data, pipeline: RequestPipeline) -> PlannedResponse {
        switch (method, path) {
        case ("GET", "/sim/state"):
            return encoded(pipeline.state())
        case ("POST", "/sim/advance"):
            var bars = 1
            if !body.isEmpty {
                guard let fields = JSONValue.parse(body), case .object = fields else {
                    return error(400, "body must be a JSON object like {\"bars\": 1}")
                }
                if let value = fields["bars"] {
                    guard case .int(let count) = value, count >= 0 else { return error(400, "bars must be a whole number ≥ 0") }
                    bars = Int(count)
                }
            }
            return RequestPipeline.json(200, pipeline.advanceAndDescribe(bars: bars), [])
        case ("GET", "/sim/faults"):
            return encoded(pipeline.faultPlan)
        case ("POST", "/sim/faults"):
            do {
                let plan = try JSONDecoder().decode(FaultPlan.self, from: body.isEmpty ? Data("{}".utf8) : body)
                try pipeline.setFaultPlan(plan)
                return RequestPipeline.json(200, .object(["rules": .int(plan.rules.count)]), [])
            } catch let problem as SimulatorError {
                return error(400, problem.description)
            } catch {
                return self.error(400, "fault plan is not valid JSON: \(SimulatorError.describe(error))")
            }
        case ("POST", "/sim/reset"):
            pipeline.reset()
            return RequestPipeline.json(200, .object(["reset": .bool(true)]), [])
        default:
            return error(404, "unknown simulator control path \(method) \(path); see GET /sim/state, POST /sim/advance, /sim/faults, /sim/reset")
        }
    }

    private static func encoded<T: Encodable>(_ value: T) -> PlannedResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return PlannedResponse(status: 200, headers: [("Content-Type", "application/json; charset=UTF-8")], body: data)
    }

    private static func error(_ status: Int, _ message: String) -> PlannedResponse {
        RequestPipeline.json(status, .object(["message": .string(message)]), [])
    }
}
