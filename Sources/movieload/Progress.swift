import Glibc

/// One line a second on stderr while the run goes, unless `--quiet`.
struct Progress {
    let quiet: Bool

    func note(_ text: String) {
        guard !quiet else { return }
        printError("movieload: \(text)")
    }

    func warmup(_ row: SecondRow) {
        guard !quiet else { return }
        printError("movieload: warm-up    \(Format.padded(Format.count(row.responses), 11)) req/s"
            + "   p99 \(Format.padded(Format.latency(row.p99), 9))")
    }

    func second(_ row: SecondRow, runP99: UInt64, failures: Int) {
        guard !quiet else { return }
        let rate = Int(row.responsesPerSecond.rounded())
        printError("movieload: [\(Format.padded(String(row.second), 4)) s] \(Format.padded(Format.count(rate), 11)) req/s"
            + "   p99 \(Format.padded(Format.latency(row.p99), 9)) (run \(Format.latency(runP99)))"
            + "   errors \(row.errors)" + (failures > 0 ? " (failures so far \(failures))" : ""))
    }
}

func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
