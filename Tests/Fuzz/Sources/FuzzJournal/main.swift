import FuzzDriver
@testable import MovieStore

runFuzzer { fuzzJournal($0, $1) }

/// Journal bytes as recovery reads them, under every pair of flags recovery passes:
/// no input may trap, and whatever replays must make a catalogue.
func fuzzJournal(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    for (mayHaveTornTail, mayBeUnfinished) in [(false, false), (true, false), (true, true)] {
        let loader = CatalogueLoader()
        let replay = try? JournalReader.replay(bytes, path: "fuzz.log", generation: 0, mayHaveTornTail: mayHaveTornTail,
                                               mayBeUnfinished: mayBeUnfinished, into: loader)
        if let replay {
            // What recovery goes on to use must lie inside the file.
            precondition(replay.validLength <= max(count, JournalRecord.headerCount) && replay.tornBytes >= 0)
            precondition(replay.needsHeader || replay.validLength + replay.tornBytes <= count)
        }
        _ = loader.finish()
    }
    return 0
}
