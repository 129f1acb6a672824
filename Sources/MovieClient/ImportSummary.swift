import Foundation
import Primitives

/// What one server made of an import.
public struct ImportTally: Equatable, Sendable {
    /// Movies the server did not hold before (`OK added`).
    public var added = 0
    /// Movies whose info the server replaced (`OK edited`).
    public var replaced = 0
    /// Movies the server answered with an error.
    public var refused = 0
    /// Movies the server never acknowledged: it was down, died, fell silent, refused
    /// every write (a wrong token), or the import was stopped.
    public var unanswered = 0
    /// Why the server stopped, or else its first refusal.
    public var problem: ServerProblem?

    /// Movies this server does not have from the file: refused or never acknowledged.
    public var failed: Int { refused + unanswered }

    public init(added: Int = 0, replaced: Int = 0, refused: Int = 0, unanswered: Int = 0, problem: ServerProblem? = nil) {
        self.added = added
        self.replaced = replaced
        self.refused = refused
        self.unanswered = unanswered
        self.problem = problem
    }
}

/// What an import did: what the file held, and what each server made of it.
public struct ImportSummary: Equatable, Sendable {
    public let file: String
    public let format: ImportFormat
    public let source: SourceTally
    public let servers: [ServerItem<ImportTally>]
    public let elapsed: Duration
    /// Why the import ended before the end of the file: Ctrl-C, or a read error.
    public let stoppedEarly: String?

    public init(
        file: String, format: ImportFormat, source: SourceTally, servers: [ServerItem<ImportTally>],
        elapsed: Duration, stoppedEarly: String? = nil
    ) {
        self.file = file
        self.format = format
        self.source = source
        self.servers = servers
        self.elapsed = elapsed
        self.stoppedEarly = stoppedEarly
    }

    /// 1 when a server missed a movie or the import stopped early, else 0.
    ///
    /// Skipped lines do not count against it: each was reported, and a real
    /// IMDb file always holds a few titles no server would take.
    public var status: ExitStatus {
        stoppedEarly == nil && servers.allSatisfy({ $0.value.failed == 0 }) ? .success : .failure
    }

    /// The servers that missed movies, with why.
    public var problems: [ServerItem<ServerProblem>] {
        servers.compactMap { item in
            guard item.value.failed > 0 else { return nil }
            return ServerItem(address: item.address, value: Self.problem(of: item.value), elapsed: item.elapsed)
        }
    }

    /// Why a server missed movies; a connection that simply closed if nothing better is known.
    static func problem(of tally: ImportTally) -> ServerProblem {
        tally.problem ?? .failure(.closed)
    }

    public var human: HumanReport {
        let labels = Labels(servers.map(\.address))
        var lines = servers.map { item in
            let tally = item.value
            var text = "\(tally.added) added, \(tally.replaced) replaced, \(source.skipped) skipped, \(tally.failed) failed"
            if tally.failed > 0 { text += ": " + Phrases.problem(Self.problem(of: tally)) }
            return labels.line(item.address, text)
        }
        var closing = "\(source.movies) \(source.movies == 1 ? "movie" : "movies") from \(file) (\(format.displayName))"
        closing += String(format: " in %.2f s", elapsed.milliseconds / 1000)
        if source.skipped > 0 { closing += "; \(source.skipped) \(source.skipped == 1 ? "line" : "lines") skipped" }
        if format == .imdb {
            closing += "; \(source.otherTypes) \(source.otherTypes == 1 ? "row" : "rows") of other types left out"
            closing += "; \(source.withYear + source.withID) titles made unique: "
                + "\(source.withYear) with their year, \(source.withID) with their IMDb id"
        }
        lines.append(closing)
        let complaint: String? = if let stoppedEarly {
            stoppedEarly
        } else if !problems.isEmpty {
            Phrases.failed(problems, of: servers.count)
        } else {
            nil
        }
        return HumanReport(lines: lines, complaint: complaint)
    }

    public var json: JSON {
        let servers = servers.map { item -> JSON in
            let tally = item.value
            return JSONOutput.server(item, problem: tally.failed > 0 ? Self.problem(of: tally) : nil, [
                .init("added", .int(tally.added)),
                .init("replaced", .int(tally.replaced)),
                .init("skipped", .int(source.skipped)),
                .init("failed", .int(tally.failed)),
            ])
        }
        var fields: [JSON.Field] = [
            .init("file", .string(file)),
            .init("format", .string(format.rawValue)),
            .init("movies", .int(source.movies)),
            .init("skipped", .int(source.skipped)),
        ]
        if format == .imdb {
            fields.append(.init("other_types", .int(source.otherTypes)))
            fields.append(.init("with_year", .int(source.withYear)))
            fields.append(.init("with_id", .int(source.withID)))
        }
        fields.append(.init("elapsed_ms", .number(elapsed.milliseconds)))
        if let stoppedEarly { fields.append(.init("stopped_early", .string(stoppedEarly))) }
        return JSONOutput.envelope("import", fields, servers: servers, status: status)
    }
}
