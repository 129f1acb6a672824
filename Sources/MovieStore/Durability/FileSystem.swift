import Glibc
import Primitives

/// The few file system calls durability needs, with `EINTR` retried.
///
/// Calls made at start-up throw `StoreError`; the ones the writer thread makes
/// on every batch return the `errno` instead, since it turns failures into
/// state rather than unwinding.
enum FileSystem {
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) -> Int32 {
        switch retryingInterrupts({ Glibc.open(path, flags | O_CLOEXEC, mode) }) {
        case .success(let descriptor): return descriptor
        case .failure(let failure): throw .system("open", path: path, errorNumber: failure.rawValue)
        }
    }

    static func close(_ descriptor: Int32) {
        closeDescriptor(descriptor)
    }

    /// Writes all of `bytes` at `offset`; nil on success, else the `errno`.
    static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32? {
        var done = 0
        while done < bytes.count {
            let result = retryingInterrupts {
                pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            }
            switch result {
            case .failure(let failure): return failure.rawValue
            case .success(0): return ENOSPC
            case .success(let written): done += written
            }
        }
        return nil
    }

    /// Writes `count` zero bytes at `offset`; nil on success, else the `errno`.
    static func writeZeros(_ descriptor: Int32, from offset: Int, count: Int) -> Int32? {
        var done = 0
        while done < count {
            let piece = min(count - done, zeros.count)
            if let failure = zeros.withUnsafeBytes({ write(descriptor, UnsafeRawBufferPointer(rebasing: $0[..<piece]), at: offset + done) }) {
                return failure
            }
            done += piece
        }
        return nil
    }

    private static let zeros = [UInt8](repeating: 0, count: 64 << 10)

    /// `fdatasync`; nil on success, else the `errno`.
    static func syncData(_ descriptor: Int32) -> Int32? {
        failure(of: retryingInterrupts { fdatasync(descriptor) })
    }

    /// `fsync`, which also flushes the size and times; nil on success, else the `errno`.
    static func syncAll(_ descriptor: Int32) -> Int32? {
        failure(of: retryingInterrupts { fsync(descriptor) })
    }

    /// `ftruncate`; nil on success, else the `errno`.
    static func truncate(_ descriptor: Int32, to length: Int) -> Int32? {
        failure(of: retryingInterrupts { ftruncate(descriptor, off_t(length)) })
    }

    /// Takes the exclusive `flock` without waiting; nil on success, else the `errno`.
    static func lockExclusively(_ descriptor: Int32) -> Int32? {
        failure(of: retryingInterrupts { flock(descriptor, LOCK_EX | LOCK_NB) })
    }

    private static func failure(of result: Result<Int32, Errno>) -> Int32? {
        if case .failure(let failure) = result { return failure.rawValue }
        return nil
    }

    static func size(of descriptor: Int32, path: String) throws(StoreError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system("stat", path: path) }
        return Int(status.st_size)
    }

    /// Whether `path` names something (a file or directory).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    static func rename(_ source: String, to destination: String) throws(StoreError) {
        guard Glibc.rename(source, destination) == 0 else { throw .system("rename to \(destination)", path: source) }
    }

    /// Removes a file; one that is already gone is not an error.
    static func remove(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .system("unlink", path: path) }
    }

    /// `fsync` on a directory, so that files created, renamed or removed in it stay so after a power cut.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let descriptor = try open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        if let failure = syncAll(descriptor) { throw .system("fsync", path: path, errorNumber: failure) }
    }

    /// Creates `path` and any missing parents (`mkdir -p`).
    static func makeDirectories(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw .system("mkdir", path: prefix) }
            prefix += "/"
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .system("stat", path: path) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .system("open", path: path, errorNumber: ENOTDIR) }
    }

    /// The names in `directory`, without `.` and `..`.
    static func entries(of directory: String) throws(StoreError) -> [String] {
        guard let stream = opendir(directory) else { throw .system("opendir", path: directory) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// A file mapped read-only into memory for the length of a load.
///
/// Replay reads every byte once, in order; a mapping spares copying a file of
/// a hundred megabytes into the heap, and its pages leave the resident set when
/// it is unmapped.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws(StoreError) {
        let descriptor = try FileSystem.open(path, flags: O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let size = try FileSystem.size(of: descriptor, path: path)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw .system("mmap", path: path)
        }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let address = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: address), bytes.count) }
    }
}
