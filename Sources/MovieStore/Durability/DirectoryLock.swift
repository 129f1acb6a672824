import Glibc

/// An exclusive `flock` on a data directory's `LOCK` file, held while the
/// directory is in use.
///
/// The kernel drops the lock when the process dies however it dies, so a
/// crashed server never leaves a stale lock behind. The file holds the
/// holder's pid, for the message a second server prints.
final class DirectoryLock {
    private var descriptor: Int32

    init(_ directory: DataDirectory) throws(StoreError) {
        let path = directory.lockPath
        descriptor = try FileSystem.open(path, flags: O_RDWR | O_CREAT)
        if let failure = FileSystem.lockExclusively(descriptor) {
            let holder = Self.holder(descriptor)
            FileSystem.close(descriptor)
            guard failure == EWOULDBLOCK else { throw .system("flock", path: path, errorNumber: failure) }
            throw StoreError(
                .locked, path: directory.path,
                message: "data directory \(directory.path) is in use by another movied"
                    + (holder.map { " (pid \($0))" } ?? "") + "; stop it or choose another data directory"
            )
        }
        var pid = Array("\(getpid())\n".utf8)
        _ = FileSystem.truncate(descriptor, to: 0)
        _ = pid.withUnsafeMutableBytes { FileSystem.write(descriptor, UnsafeRawBufferPointer($0), at: 0) }
    }

    deinit { release() }

    /// Gives the directory up; later calls do nothing.
    func release() {
        guard descriptor >= 0 else { return }
        FileSystem.close(descriptor)
        descriptor = -1
    }

    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).filter { $0.isNumber }
        return text.isEmpty ? nil : text
    }
}
