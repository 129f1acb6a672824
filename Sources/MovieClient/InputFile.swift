import CZlib
import Glibc

/// Why a file to import could not be read.
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A file read a chunk at a time, inflated on the fly when it is gzip-compressed.
///
/// zlib's `gzread` passes a file that is not gzip through unchanged, so one
/// reader serves both and the name does not matter: `title.basics.tsv.gz`
/// streams in without ever being decompressed as a whole.
final class InputFile {
    let path: String
    /// The file's size on disk (compressed, if it is), for progress.
    let size: Int64
    private let file: gzFile

    /// zlib's own read buffer; large reads keep the number of system calls down.
    private static let bufferBytes: UInt32 = 256 * 1024

    init(path: String) throws(InputFileError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(path, errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw Self.failure(path, code)
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            throw Self.failure(path, EISDIR)
        }
        // From here zlib owns the descriptor: `gzclose` closes it.
        guard let file = gzdopen(descriptor, "rb") else {
            close(descriptor)
            throw InputFileError("\(path): cannot read it (out of memory)")
        }
        gzbuffer(file, Self.bufferBytes)
        self.file = file
        self.size = Int64(status.st_size)
    }

    deinit { gzclose(file) }

    /// Reads up to `buffer.count` bytes of the (decompressed) content; 0 at the end.
    ///
    /// A compressed file that is cut short or corrupt is an error, not a quiet end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputFileError) -> Int {
        let count = gzread(file, buffer.baseAddress, UInt32(clamping: buffer.count))
        if count > 0 { return Int(count) }
        var code: Int32 = Z_OK
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        switch code {
        case Z_OK:
            return 0
        case Z_ERRNO:
            throw Self.failure(path, errno)
        case Z_BUF_ERROR:
            throw InputFileError("\(path): the compressed data ends too early (is the file cut short?)")
        default:
            throw InputFileError("\(path): not valid gzip data (\(message))")
        }
    }

    /// How far reading has got into the file on disk, from 0 to 1.
    var fractionRead: Double {
        guard size > 0 else { return 1 }
        return min(Double(gzoffset(file)) / Double(size), 1)
    }

    private static func failure(_ path: String, _ code: Int32) -> InputFileError {
        InputFileError("\(path): \(ServerFailure.message(for: code))")
    }
}
