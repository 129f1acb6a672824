/// The files of a data directory and their names.
///
/// - `LOCK`: held with `flock` by the process using the directory; holds its pid.
/// - `snapshot-000042.mvs`: every movie as of the moment compaction 42 began.
/// - `journal-000042.log`: the changes made after snapshot 42 was taken (or,
///   when that snapshot never completed, after the previous one's journal).
/// - `*.tmp`: a snapshot being written; never read, removed at start-up.
///
/// Recovery loads the newest snapshot and replays, in generation order, every
/// journal whose generation is not below it.
struct DataDirectory: Sendable {
    let path: String

    init(path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    var lockPath: String { path + "/LOCK" }

    func snapshotPath(_ generation: UInt64) -> String { path + "/" + Self.name("snapshot", generation, "mvs") }

    func temporarySnapshotPath(_ generation: UInt64) -> String { snapshotPath(generation) + ".tmp" }

    func journalPath(_ generation: UInt64) -> String { path + "/" + Self.name("journal", generation, "log") }

    /// What the directory holds, by kind; generations sorted ascending.
    struct Listing {
        var snapshots: [UInt64] = []
        var journals: [UInt64] = []
        var temporaries: [String] = []
    }

    func list() throws(StoreError) -> Listing {
        var listing = Listing()
        for name in try FileSystem.entries(of: path) {
            if name.hasSuffix(".tmp") {
                listing.temporaries.append(path + "/" + name)
            } else if let generation = Self.generation(in: name, kind: "snapshot", suffix: "mvs") {
                listing.snapshots.append(generation)
            } else if let generation = Self.generation(in: name, kind: "journal", suffix: "log") {
                listing.journals.append(generation)
            }
        }
        listing.snapshots.sort()
        listing.journals.sort()
        return listing
    }

    func syncDirectory() throws(StoreError) {
        try FileSystem.syncDirectory(path)
    }

    /// `kind-000042.suffix`: at least six digits, so names sort as numbers do up to a million.
    private static func name(_ kind: String, _ generation: UInt64, _ suffix: String) -> String {
        let digits = String(generation)
        return kind + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "." + suffix
    }

    private static func generation(in name: String, kind: String, suffix: String) -> UInt64? {
        let prefix = kind + "-"
        let ending = "." + suffix
        guard name.hasPrefix(prefix), name.hasSuffix(ending) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(ending.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(digits)
    }
}
