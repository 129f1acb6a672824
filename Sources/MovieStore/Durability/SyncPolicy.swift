/// When the journal is flushed to the disk, and so what `OK` to a write promises.
///
/// - `always`: each write is acknowledged only after an `fdatasync` that covers
///   it (writes that arrive together share one). It survives `kill -9` and a
///   power cut.
/// - `everysec`: each write is handed to the kernel at once and acknowledged
///   then; the journal is flushed about once a second. It survives `kill -9`;
///   a power cut may lose about the last second of writes.
/// - `never`: as `everysec`, but flushing is left to the kernel (typically
///   within 30 seconds on Linux). It survives `kill -9`; a power cut may lose
///   whatever the kernel had not written yet.
public enum SyncPolicy: String, CaseIterable, Sendable {
    case always
    case everysec
    case never
}
