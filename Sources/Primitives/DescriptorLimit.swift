import Glibc

/// The process's open-file limit.
public enum DescriptorLimit {
    /// Raises the soft limit toward `needed` (no further than the hard limit) and
    /// returns the soft limit in force afterwards; 0 if it cannot be read.
    @discardableResult
    public static func raise(toward needed: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        let wanted = rlim_t(clamping: needed)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            _ = setrlimit(resource, &limit)
            _ = getrlimit(resource, &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
}
