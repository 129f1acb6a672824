import Glibc
import MovieStore
import Primitives

/// The sample catalogue a new data directory starts from.
enum SeedCatalogue {
    /// Where the shipped catalogue is looked for when the configuration names none:
    /// beside a built binary in the source tree, an installed share directory, the
    /// current directory.
    static func candidatePaths() -> [String] {
        var paths: [String] = []
        if let executable = executablePath() {
            var directory = parent(of: executable)
            paths.append(parent(of: directory) + "/share/movied/catalogue.txt")  // /usr/local/bin/movied
            for _ in 0..<5 where directory != "/" {                             // .build/<triple>/<config>/movied
                directory = parent(of: directory)
                paths.append(directory + "/Configs/catalogue.txt")
            }
        }
        paths.append("/usr/share/movied/catalogue.txt")
        paths.append("Configs/catalogue.txt")
        return paths
    }

    /// The first readable candidate, or nil when none is there.
    static func locate(_ configured: String?) -> String? {
        if let configured { return configured }
        return candidatePaths().first { access($0, R_OK) == 0 }
    }

    /// The file's bytes, or nil when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
