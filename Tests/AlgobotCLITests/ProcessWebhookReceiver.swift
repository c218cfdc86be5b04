import Foundation

/// A loopback webhook (127.0.0.1 only) that answers 200 to every POST and records it, served by
/// a Python child process rather than inside the test process. Swift Testing runs every test on
/// the cooperative pool (two threads here), so an in-process server answers only when the pool
/// gets to it: under a full test run the bot's last notifications waited past its 5 s drain at
/// the end of the run, and a test of what was delivered failed on the test's own slowness.
///
/// The server also exits when its standard input closes (`stop`, or the test process ending):
/// it inherits the test thread's blocked signals, SIGTERM among them, so `terminate()` alone
/// left one Python server running after every test run.
final class ProcessWebhookReceiver: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let scratch: URL
    private(set) var port = 0

    var url: String { "http://127.0.0.1:\(port)/hooks/T0000/B0000/webhook-token-\(port)" }

    private static let script = """
    import http.server, json, os, sys, threading
    out = sys.argv[1]
    def watch():
        sys.stdin.read()
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()
    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get('Content-Length') or 0)).decode('utf-8', 'replace')
            with open(out, 'a') as f:
                f.write(json.dumps({'path': self.path, 'headers': {k.lower(): v for k, v in self.headers.items()}, 'body': body}) + '\\n')
            self.send_response(200)
            self.send_header('Content-Length', '2')
            self.end_headers()
            self.wfile.write(b'ok')
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Hook)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """

    private init() {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-webhook-\(UUID().uuidString)")
    }

    static func start() async throws -> ProcessWebhookReceiver {
        let receiver = ProcessWebhookReceiver()
        try FileManager.default.createDirectory(at: receiver.scratch, withIntermediateDirectories: true)
        let portFile = receiver.scratch.appendingPathComponent("port")
        FileManager.default.createFile(atPath: portFile.path, contents: nil)
        receiver.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        receiver.process.arguments = ["python3", "-c", script, receiver.scratch.appendingPathComponent("requests.jsonl").path]
        receiver.process.standardOutput = try FileHandle(forWritingTo: portFile)
        receiver.process.standardError = FileHandle.nullDevice
        receiver.process.standardInput = receiver.input
        try receiver.process.run()
        let deadline = Date().addingTimeInterval(30)
        while receiver.port == 0 && Date() < deadline && receiver.process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
            let text = (try? String(contentsOf: portFile, encoding: .utf8)) ?? ""
            if text.hasSuffix("\n") { receiver.port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        }
        guard receiver.port > 0 else {
            receiver.stop()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the Python webhook receiver did not start"])
        }
        return receiver
    }

    /// Every request received so far, oldest first.
    var requests: [WebhookReceiver.Received] {
        let text = (try? String(contentsOf: scratch.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return WebhookReceiver.Received(path: object["path"] as? String ?? "", headers: object["headers"] as? [String: String] ?? [:],
                                            body: object["body"] as? String ?? "")
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: scratch)
    }
}
