import CLibFuzzer
import Glibc

/// What libFuzzer calls with each input: its bytes and their count; returns 0.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// Hands the process to libFuzzer with `target` as the code under test, and exits with its status.
///
/// SwiftPM gives every executable a `main` of its own, so libFuzzer's is never linked;
/// its driver is entered through `LLVMFuzzerRunDriver` instead, with the same command line.
public func runFuzzer(_ target: FuzzTarget) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
}
