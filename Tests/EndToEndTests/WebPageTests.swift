import Foundation
import Testing
import TestSupport

/// The web page `GET /` serves, used in headless Chromium against a real `movied`.
///
/// `Browser/drive_page.py` does the using: it searches, adds a movie through the
/// form, finds it, opens it and takes a screenshot, and fails on any console error
/// or warning. Set `MOVIED_SCREENSHOT` to keep the screenshot (for the README).
@Suite("web page", .enabled(if: Browser.chromium != nil && Browser.python != nil, "needs chromium and python3"))
struct WebPageTests {
    @Test func searchingAddingAndOpeningAMovieLogsNoProblems() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let screenshot = try ProcessInfo.processInfo.environment["MOVIED_SCREENSHOT"]
            ?? ServerProcess.makeTemporaryDirectory() + "/page.png"
        let run = try ServerProcess.run(try #require(Browser.python), [
            Browser.driver, "--url", "http://127.0.0.1:\(server.httpPort)/", "--screenshot", screenshot,
            "--chromium", try #require(Browser.chromium),
        ])
        #expect(run.status == 0, "drive_page.py failed:\n\(run.stderr)\n\(run.stdout)\nmovied's log:\n\(server.log)")
        let png = try #require(FileManager.default.contents(atPath: screenshot), "no screenshot at \(screenshot)")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(screenshot) is not a PNG")
    }
}

/// What the browser test runs; outside the suite, which cannot name its own members in its traits.
private enum Browser {
    static let chromium = installed("chromium")
    static let python = installed("python3")
    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/drive_page.py").path

    /// The program's path: the first match on PATH, else /usr/bin; nil when it is nowhere.
    static func installed(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin"]
        return directories.map { $0 + "/" + program }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
