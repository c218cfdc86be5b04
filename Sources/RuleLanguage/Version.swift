public enum RuleLanguageVersion { public static let value = "0.1.0" }
