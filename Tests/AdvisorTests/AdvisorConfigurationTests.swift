import Testing
@testable import Advisor

@Suite("Advisor configuration")
struct AdvisorConfigurationTests {
    let env = ["LLM_API_KEY": "sk-abcdef123456", "LLM_BASE_URL": "https://llm.example.com/v1/", "LLM_MODEL": "small-model"]

    @Test("key, base URL and model from the environment; the endpoint is <base>/chat/completions")
    func fromEnvironment() throws {
        let configuration = try ChatCompletionsConfiguration.fromEnvironment(env)
        #expect(configuration.endpoint == "https://llm.example.com/v1/chat/completions")
        #expect(configuration.model == "small-model")
        #expect(configuration.apiKey == APIKey("sk-abcdef123456"))
        #expect(configuration.timeout == .seconds(5))
        #expect(configuration.maxTokens == 200)
    }

    @Test("given values win over the environment; another key variable can be named")
    func overrides() throws {
        var environment = env
        environment["OTHER_LLM_KEY"] = "sk-other-999"
        let configuration = try ChatCompletionsConfiguration.fromEnvironment(
            environment, keyVariable: "OTHER_LLM_KEY", baseURL: "http://127.0.0.1:8080/v1", model: "local", timeout: .seconds(2))
        #expect(configuration.endpoint == "http://127.0.0.1:8080/v1/chat/completions")
        #expect(configuration.model == "local")
        #expect(configuration.apiKey == APIKey("sk-other-999"))
        #expect(configuration.timeout == .seconds(2))
    }

    @Test("missing or unsafe settings are refused with what to do")
    func refused() {
        func error(_ environment: [String: String], baseURL: String? = nil) -> AdvisorConfigurationError? {
            do {
                _ = try ChatCompletionsConfiguration.fromEnvironment(environment, baseURL: baseURL)
                return nil
            } catch {
                return error as? AdvisorConfigurationError
            }
        }
        #expect(error(env.filter { $0.key != "LLM_API_KEY" }) == .missingKey(variable: "LLM_API_KEY"))
        #expect(error(env.merging(["LLM_API_KEY": "  "]) { $1 }) == .missingKey(variable: "LLM_API_KEY"))
        #expect(error(env.filter { $0.key != "LLM_BASE_URL" }) == .missingBaseURL)
        #expect(error(env.filter { $0.key != "LLM_MODEL" }) == .missingModel)
        #expect(error(env, baseURL: "http://llm.example.com/v1")
            == .badBaseURL("http://llm.example.com/v1", why: "plain http would send the key unencrypted; use https"))
        #expect(error(env, baseURL: "llm.example.com") != nil)
        #expect(AdvisorConfigurationError.missingKey(variable: "LLM_API_KEY").description.contains("--advisor template"))
    }

    @Test("--advisor off|template|chat")
    func kinds() throws {
        #expect(try AdvisorKind(parsing: "Template") == .template)
        #expect(throws: AdvisorConfigurationError.unknownKind("gpt")) { try AdvisorKind(parsing: "gpt") }
        #expect(try AdvisorKind.off.makeAdvisor(environment: [:]) == nil)
        #expect(try AdvisorKind.template.makeAdvisor(environment: [:])?.name == "template")
        #expect(try AdvisorKind.chat.makeAdvisor(environment: env)?.name == "chat:small-model")
        #expect(throws: AdvisorConfigurationError.missingKey(variable: "LLM_API_KEY")) {
            try AdvisorKind.chat.makeAdvisor(environment: [:])
        }
    }
}
