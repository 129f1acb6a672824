import MovieClient
import Testing

/// What `import` prints: per server added, replaced, skipped and failed, for people and as JSON.
@Suite("import: the summary")
struct ImportSummaryTests {
    typealias F = Fixtures

    static let catalogue = SourceTally(movies: 181, skipped: 2)

    @Test func everyServerTakingEverythingIsStatusZeroEvenWithSkippedLines() {
        let summary = ImportSummary(file: "movies.txt", format: .catalogue, source: Self.catalogue, servers: [
            F.item(F.a, ImportTally(added: 181)),
            F.item(F.b, ImportTally(added: 1, replaced: 180)),
        ], elapsed: .milliseconds(1234))
        #expect(summary.status == .success)
        #expect(summary.human == HumanReport(lines: [
            "10.0.0.1:7070  181 added, 0 replaced, 2 skipped, 0 failed",
            "10.0.0.2:7070  1 added, 180 replaced, 2 skipped, 0 failed",
            "181 movies from movies.txt (catalogue) in 1.23 s; 2 lines skipped",
        ]))
        #expect(summary.json.encoded == #"{"command":"import","file":"movies.txt","format":"catalogue","movies":181,"skipped":2,"#
            + #""elapsed_ms":1234.000,"exit_status":0,"servers":[{"server":"10.0.0.1:7070","ok":true,"elapsed_ms":2.000,"#
            + #""added":181,"replaced":0,"skipped":2,"failed":0},{"server":"10.0.0.2:7070","ok":true,"elapsed_ms":2.000,"#
            + #""added":1,"replaced":180,"skipped":2,"failed":0}]}"#)
    }

    @Test func aServerThatMissedMoviesFailsTheImportAndSaysWhy() {
        let summary = ImportSummary(file: "t.tsv.gz", format: .imdb,
                                    source: SourceTally(movies: 8, skipped: 3, otherTypes: 3, withYear: 3, withID: 3), servers: [
            F.item(F.a, ImportTally(added: 8)),
            F.item(F.b, ImportTally(unanswered: 8, problem: .failure(.connectFailed(111)))),
            F.item(F.c, ImportTally(added: 6, refused: 2, problem: .error(.unavailable, "disk full"))),
        ], elapsed: .milliseconds(20))
        #expect(summary.status == .failure)
        #expect(summary.human.lines == [
            "10.0.0.1:7070  8 added, 0 replaced, 3 skipped, 0 failed",
            "10.0.0.2:7070  0 added, 0 replaced, 3 skipped, 8 failed: down (connection refused)",
            "10.0.0.3:7070  6 added, 0 replaced, 3 skipped, 2 failed: error UNAVAILABLE: disk full",
            "8 movies from t.tsv.gz (IMDb title.basics) in 0.02 s; 3 lines skipped; 3 rows of other types left out; "
                + "6 titles made unique: 3 with their year, 3 with their IMDb id",
        ])
        #expect(summary.human.complaint == "2 of 3 servers failed: 10.0.0.2:7070, 10.0.0.3:7070")
        let json = summary.json.encoded
        #expect(json.contains(#""format":"imdb","movies":8,"skipped":3,"other_types":3,"with_year":3,"with_id":3,"#))
        #expect(json.contains(#""ok":false,"elapsed_ms":2.000,"added":0,"replaced":0,"skipped":3,"failed":8,"#
            + #""error":{"kind":"unreachable","message":"connection refused"}"#))
        #expect(json.contains(#""failed":2,"error":{"kind":"error","code":"UNAVAILABLE","message":"disk full"}"#))
    }

    @Test func anImportStoppedEarlyIsAFailureThatSaysSo() {
        let summary = ImportSummary(file: "big.txt", format: .catalogue, source: SourceTally(movies: 5000), servers: [
            F.item(F.a, ImportTally(added: 4744, unanswered: 256, problem: .failure(.interrupted))),
        ], elapsed: .seconds(1), stoppedEarly: "interrupted: the rest of big.txt was not imported")
        #expect(summary.status == .failure)
        #expect(summary.human.lines.first == "10.0.0.1:7070  4744 added, 0 replaced, 0 skipped, 256 failed: failed (interrupted before it answered)")
        #expect(summary.human.complaint == "interrupted: the rest of big.txt was not imported")
        #expect(summary.json.encoded.contains(#""stopped_early":"interrupted: the rest of big.txt was not imported","exit_status":1"#))
    }
}
