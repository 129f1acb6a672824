import Glibc

/// Whether this process runs under AddressSanitizer or ThreadSanitizer: memory figures
/// and timings then measure the sanitizer as much as the code, so tests of them stand aside.
public enum Sanitizers {
    public static let areActive = ["__asan_init", "__tsan_init"].contains { (name: String) in dlsym(nil, name) != nil }
}
