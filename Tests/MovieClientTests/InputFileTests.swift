import Foundation
@testable import MovieClient
import Testing

/// Reading a file to import a line at a time, compressed or not.
@Suite("import: reading files")
struct InputFileTests {
    static func temporaryFile(_ bytes: [UInt8], name: String = "input.txt") throws -> String {
        let directory = NSTemporaryDirectory() + "movie-import-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `gzip -n` of `path`, as `path.gz`.
    static func gzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -n -c \"$0\" > \"$0.gz\"", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return path + ".gz"
    }

    /// Every line of the file as text, with its number; a too-long line as "<too long>".
    static func lines(_ path: String) throws -> [String] {
        let lines = FileLines(try InputFile(path: path))
        var result: [String] = []
        while let line = try lines.next() {
            result.append("\(line.number):" + (line.isTooLong ? "<too long>" : String(decoding: line.bytes, as: UTF8.self)))
        }
        return result
    }

    /// Lines longer than the reader's buffer, CR LF endings, and no LF at the very end.
    static let awkwardText: String = {
        var text = "first\r\n\n"
        for index in 0..<2000 { text += "line \(index) " + String(repeating: "x", count: index * 3) + "\n" }
        return text + "last without LF"
    }()

    @Test func linesComeWholeAcrossBufferBoundaries() throws {
        let path = try Self.temporaryFile(Array(Self.awkwardText.utf8))
        let lines = try Self.lines(path)
        #expect(lines.count == 2003)
        #expect(lines.first == "1:first")
        #expect(lines[1] == "2:")
        #expect(lines[1501] == "1502:line 1499 " + String(repeating: "x", count: 4497))
        #expect(lines.last == "2003:last without LF")
    }

    @Test func aGzipFileReadsAsItsContent() throws {
        let path = try Self.temporaryFile(Array(Self.awkwardText.utf8))
        let compressed = try Self.gzip(path)
        #expect(try Self.lines(compressed) == Self.lines(path))
        // The name does not matter: zlib recognises gzip by its content.
        let renamed = compressed + ".txt"
        try FileManager.default.copyItem(atPath: compressed, toPath: renamed)
        #expect(try Self.lines(renamed) == Self.lines(path))
    }

    @Test func aCutShortOrCorruptGzipFileIsAnErrorNotAQuietEnd() throws {
        let path = try Self.temporaryFile(Array(Self.awkwardText.utf8))
        let whole = try Data(contentsOf: URL(fileURLWithPath: try Self.gzip(path)))
        let cut = try Self.temporaryFile(Array(whole.prefix(whole.count / 2)), name: "cut.gz")
        #expect(throws: InputFileError("\(cut): the compressed data ends too early (is the file cut short?)")) {
            _ = try Self.lines(cut)
        }
        var damaged = Array(whole)
        for index in 40..<80 { damaged[index] ^= 0x5A }
        let corrupt = try Self.temporaryFile(damaged, name: "corrupt.gz")
        #expect {
            _ = try Self.lines(corrupt)
        } throws: { error in
            (error as? InputFileError)?.description.hasPrefix("\(corrupt): not valid gzip data") == true
        }
    }

    @Test func aMissingFileOrADirectoryIsExplained() throws {
        #expect(throws: InputFileError("/no/such/file.txt: no such file or directory")) {
            _ = try InputFile(path: "/no/such/file.txt")
        }
        #expect(throws: InputFileError("/tmp: is a directory")) { _ = try InputFile(path: "/tmp") }
    }

    @Test func aLineOverTheLimitIsMarkedAndTheNextReadsOn() throws {
        let long = String(repeating: "y", count: FileLines.maximumLineBytes + 10)
        let path = try Self.temporaryFile(Array("a\n\(long)\nb\n".utf8))
        #expect(try Self.lines(path) == ["1:a", "2:<too long>", "3:b"])
    }

    @Test func theLineJustReadCanBeReadAgain() throws {
        let lines = FileLines(try InputFile(path: try Self.temporaryFile(Array("one\ntwo\n".utf8))))
        let first = try #require(try lines.next())
        lines.unread()
        let again = try #require(try lines.next())
        #expect(again.number == 1 && String(decoding: again.bytes, as: UTF8.self) == String(decoding: first.bytes, as: UTF8.self))
        #expect(try lines.next()?.number == 2)
        #expect(try lines.next() == nil)
    }

    @Test(arguments: [
        ("title.basics.tsv.gz", "Heat | 1995", ImportFormat.imdb),
        ("movies.txt", IMDbRowTests.header, .imdb),
        ("movies.txt.gz", "Heat | 1995", .catalogue),
        ("catalogue.txt", "# comment", .catalogue),
        ("dir.tsv/catalogue", "Heat | 1995", .catalogue),
    ])
    func theFormatComesFromTheFirstLineOrTheName(path: String, firstLine: String, format: ImportFormat) {
        #expect(Array(firstLine.utf8).withUnsafeBytes { ImportFormat.detect(path: path, firstLine: $0) } == format)
    }
}
