import Glibc

/// Named steps where the server can be made to die on purpose, to test that a
/// crash at any of them loses nothing.
///
/// `MOVIED_CRASH_AT=<step>` in the environment makes the process `_exit(86)`
/// when it reaches that step: no flushing, no clean-up, as `kill -9` would.
/// Tests inside one process use `CrashPoints.Hook` instead, which stops the
/// thread at the step and leaves the files as a crash would.
enum CrashPoint: String, CaseIterable, Sendable {
    /// The journal writer has written a batch but not flushed it.
    case journalAfterWriteBeforeSync = "journal-after-write-before-sync"
    /// The writer has switched to the new journal segment; no snapshot written yet.
    case compactionAfterRotate = "compaction-after-rotate"
    /// The snapshot is complete and flushed under its temporary name.
    case compactionAfterTempWrite = "compaction-after-temp-write"
    /// The snapshot has its final name; the directory is not flushed yet.
    case compactionAfterRename = "compaction-after-rename"
    /// The snapshot is durable; the old snapshot and journals are still there.
    case compactionBeforeDeleteOld = "compaction-before-delete-old"
}

enum CrashPoints {
    /// The exit status of a crash on purpose.
    static let exitStatus: Int32 = 86

    /// The step named by `MOVIED_CRASH_AT`, read once.
    static let armed: CrashPoint? = getenv("MOVIED_CRASH_AT").flatMap { CrashPoint(rawValue: String(cString: $0)) }

    /// For tests: called at every step; returning true stops the thread there.
    typealias Hook = @Sendable (CrashPoint) -> Bool

    /// Dies if `MOVIED_CRASH_AT` names `point`; otherwise reports whether `hook` says to stop here.
    static func reached(_ point: CrashPoint, hook: Hook?) -> Bool {
        if armed == point {
            let message = "movied: crashing on purpose at \(point.rawValue) (MOVIED_CRASH_AT)\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(exitStatus)
        }
        return hook?(point) ?? false
    }
}
