import Foundation

/// `GET /v2/account/activities/FILL` (and `?activity_types=FILL`): a bare array, newest first by
/// default, paged by `page_size` and `page_token` (the id of the last item of the previous page).
enum ActivityRoutes {
    static func list(types: String?, query: [String: String], exchange: SimExchange) -> RouteResult {
        let route = "GET /v2/account/activities"
        let wanted = Set((types ?? "FILL").split(separator: ",").map(String.init))
        // Only fills happen in the simulator; other activity types are simply empty.
        guard wanted.contains("FILL") else { return .ok(.array([]), route) }
        let direction = query["direction"] ?? "desc"
        guard ["asc", "desc"].contains(direction) else { return .error(.invalid("invalid direction: \(direction)"), route) }
        var pageSize = 100
        if let text = query["page_size"] {
            guard let value = Int(text), (1...100).contains(value) else { return .error(.invalid("invalid page_size: \(text)"), route) }
            pageSize = value
        }
        var after: Micros?
        var until: Micros?
        if let date = query["date"] {
            guard query["after"] == nil, query["until"] == nil else {
                return .error(.invalid("date cannot be combined with after or until"), route)
            }
            guard let start = TimeText.parse(date), let end = TimeText.parse(date, endOfDay: true) else {
                return .error(.invalid("invalid date: \(date)"), route)
            }
            after = start - 1
            until = end + 1
        }
        if let text = query["after"] {
            guard let value = TimeText.parse(text) else { return .error(.invalid("invalid after: \(text)"), route) }
            after = value
        }
        if let text = query["until"] {
            guard let value = TimeText.parse(text, endOfDay: true) else { return .error(.invalid("invalid until: \(text)"), route) }
            until = value
        }
        var items = exchange.fills.filter { fill in
            if let after, fill.time <= after { return false }
            if let until, fill.time >= until { return false }
            return true
        }
        if direction == "desc" { items.reverse() }
        if let token = query["page_token"], !token.isEmpty {
            guard let position = items.firstIndex(where: { $0.id == token }) else {
                return .error(.invalid("invalid page_token"), route)
            }
            items.removeFirst(position + 1)
        }
        return .ok(.array(items.prefix(pageSize).map(\.json)), route)
    }
}
