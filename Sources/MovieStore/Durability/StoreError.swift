import Glibc

/// Why the durable catalogue could not open its data directory, or could not
/// do something with a file in it.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kind of failure, for code that reacts to some of them.
    public enum Kind: Equatable, Sendable {
        /// Another process holds the directory's lock.
        case locked
        /// A system call failed; `errorNumber` says why.
        case io
        /// A journal record in the middle of the journal is damaged.
        case corruptJournal
        /// A snapshot file is damaged.
        case corruptSnapshot
        /// The directory's files do not fit together (a journal without a snapshot).
        case inconsistentDirectory
        /// The seed catalogue file has a bad line.
        case badSeed
    }

    public let kind: Kind
    /// The file or directory concerned.
    public let path: String
    /// The byte offset of the damage, for corruption.
    public let offset: Int?
    /// The `errno` of a failed system call, for `.io`.
    public let errorNumber: Int32?
    /// The whole explanation, as the server should log it.
    public let message: String

    init(_ kind: Kind, path: String, offset: Int? = nil, errorNumber: Int32? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.errorNumber = errorNumber
        self.message = message
    }

    /// A failed system call on `path`, such as `open /data/journal-000001.log: No space left on device`.
    static func system(_ operation: String, path: String, errorNumber: Int32 = errno) -> StoreError {
        StoreError(.io, path: path, errorNumber: errorNumber,
                   message: "\(operation) \(path): \(SystemErrorText.describe(errorNumber))")
    }

    public var description: String { message }
}

/// `strerror` text for an `errno`, read in a thread-safe way.
enum SystemErrorText {
    static func describe(_ errorNumber: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        // glibc's `strerror_r` comes in the XSI flavour here: it fills the buffer and returns 0.
        guard strerror_r(errorNumber, &buffer, buffer.count) == 0 else { return "errno \(errorNumber)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
