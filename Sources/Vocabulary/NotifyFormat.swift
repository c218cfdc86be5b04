/// How a notification is written for its receiver (`format:` of a `notify:` entry).
public enum NotifyFormat: String, Sendable, Codable, CaseIterable {
    /// `{"event", "time", "text", "fields"}`: for a script or a webhook relay of your own.
    case json
    /// `{"text": ...}`: a Slack incoming webhook (and Mattermost, Rocket.Chat, Discord's `/slack`).
    case slack
    /// The text as a plain body POSTed to an ntfy topic URL, with `Title` and `Priority` headers.
    case ntfy
}
