import Glibc
import Primitives

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
                   message: "\(operation) \(path): \(Errno(rawValue: errorNumber))")
    }

    public var description: String { message }
}
