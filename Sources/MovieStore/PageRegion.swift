import Glibc

/// Anonymous memory mapped from the kernel: zero-filled, and only backed by
/// physical pages once touched.
struct PageRegion {
    let start: UnsafeMutableRawPointer
    let byteCount: Int

    /// Maps at least `byteCount` bytes of zeroes; nil when the kernel refuses
    /// (out of memory or address space).
    init?(byteCount: Int) {
        let mapped = Self.pageRounded(byteCount)
        guard let address = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              address != MAP_FAILED else { return nil }
        start = address
        self.byteCount = byteCount
    }

    /// The region at `start` of `byteCount` bytes, as `init(byteCount:)` mapped it.
    init(start: UnsafeMutableRawPointer, byteCount: Int) {
        self.start = start
        self.byteCount = byteCount
    }

    /// Gives the whole region back to the kernel.
    func unmap() {
        munmap(start, Self.pageRounded(byteCount))
    }

    /// Gives back the first `count` bytes, a multiple of the page size, and
    /// returns what is left; cheaper in slices than all at once.
    func unmapping(prefix count: Int) -> PageRegion {
        precondition(count % Self.pageSize == 0 && count <= Self.pageRounded(byteCount), "unmap whole pages only")
        munmap(start, count)
        return PageRegion(start: start + count, byteCount: max(byteCount - count, 0))
    }

    /// Whether nothing is left to unmap.
    var isEmpty: Bool { byteCount == 0 }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    static func pageRounded(_ count: Int) -> Int {
        (count + pageSize - 1) / pageSize * pageSize
    }
}
