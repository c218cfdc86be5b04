import Foundation

/// The `user:password@` part of URL text: masked wherever a URL is shown, and its secrets
/// registered for masking everywhere else (`SecretRegistry`). Works on text, not `URL`, so a
/// URL that does not even parse is masked too.
public enum URLUserInfo {
    /// `https://user:pass@host/path` → `https://***@host/path`; text without user info, or
    /// without `://`, is returned as it is.
    public static func masked(_ text: String) -> String {
        guard let range = userInfoRange(text) else { return text }
        return text.replacingCharacters(in: range, with: "***")
    }

    /// The password (and `user:password`) in URL text, for a redactor: nothing when there is
    /// no user info. A user name alone is not a secret; with a password it is part of one.
    public static func secrets(in text: String) -> [String] {
        guard let range = userInfoRange(text) else { return [] }
        let userInfo = String(text[range])
        guard let colon = userInfo.firstIndex(of: ":") else { return [] }
        let password = String(userInfo[userInfo.index(after: colon)...])
        var secrets = [userInfo]
        if password.count >= 4 {
            secrets.append(password)
            if let decoded = password.removingPercentEncoding, decoded != password { secrets.append(decoded) }
        }
        return secrets
    }

    /// Between `://` and the last `@` before the path, query or fragment starts.
    private static func userInfoRange(_ text: String) -> Range<String.Index>? {
        guard let scheme = text.range(of: "://") else { return nil }
        let start = scheme.upperBound
        let end = text[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace } ?? text.endIndex
        guard let at = text[start..<end].lastIndex(of: "@") else { return nil }
        return start..<at
    }
}
