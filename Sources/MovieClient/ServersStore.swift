import Foundation
import Glibc
import Primitives

/// Where the servers file lives, and reading and writing it.
public struct ServersStore: Sendable {
    /// The servers file's path.
    public let path: String
    /// The file a first run starts from (`Configs/servers`), if one was found.
    public let startingCopyPath: String?

    public init(path: String, startingCopyPath: String?) {
        self.path = path
        self.startingCopyPath = startingCopyPath
    }

    /// `$XDG_CONFIG_HOME/movie/servers`, or `$HOME/.config/movie/servers`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/movie/servers"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/movie/servers"
    }

    /// `Configs/servers` next to the executable (or above it, as from `.build/debug/movie`),
    /// else in the source tree this client was built from.
    public static func findStartingCopy(executablePath: String) -> String? {
        var candidates: [String] = []
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            candidates.append(directory.appendingPathComponent("Configs/servers").path)
            candidates.append(directory.appendingPathComponent("share/movie/servers").path)
            directory.deleteLastPathComponent()
        }
        // Sources/MovieClient/ServersStore.swift -> the package root.
        let packageRoot = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent("Configs/servers").path)
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    private static let sourceFile = #filePath

    /// The servers file, or the starting list when it does not exist yet.
    public func load() throws(ServersStoreError) -> (file: ServersFile, existed: Bool) {
        if let text = try Self.readIfPresent(path) {
            do {
                return (try ServersFile(parsing: text), true)
            } catch {
                throw .malformed(path: path, error)
            }
        }
        if let startingCopyPath, let text = try? Self.readIfPresent(startingCopyPath),
           let file = try? ServersFile(parsing: text) {
            return (file, false)
        }
        return (ServersFile.builtIn, false)
    }

    /// Replaces the servers file atomically: a temporary file beside it, synced, then renamed over it.
    public func save(_ file: ServersFile) throws(ServersStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .writeFailed(path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: Self.lastError()) }
        let bytes = Array(file.text.utf8)
        var written = 0
        while written < bytes.count {
            let result = retryingInterrupts { bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
            guard case .success(let count) = result, count > 0 else {
                let reason = Self.lastError()
                close(descriptor)
                unlink(temporary)
                throw .writeFailed(path: path, reason: reason)
            }
            written += count
        }
        let synced = fsync(descriptor) == 0
        let reason = synced ? "" : Self.lastError()
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let why = synced ? Self.lastError() : reason
            unlink(temporary)
            throw .writeFailed(path: path, reason: why)
        }
    }

    static func readIfPresent(_ path: String) throws(ServersStoreError) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if access(path, F_OK) != 0 && errno == ENOENT { return nil }
            throw .readFailed(path: path, reason: "cannot read it")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func lastError() -> String { Errno.current.description }
}

/// Why the servers file could not be used.
public enum ServersStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(path: String, ServersFileError)
    case readFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let path, let error): "servers file \(path), \(error)"
        case .readFailed(let path, let reason): "cannot read servers file \(path): \(reason)"
        case .writeFailed(let path, let reason): "cannot write servers file \(path): \(reason)"
        }
    }
}
