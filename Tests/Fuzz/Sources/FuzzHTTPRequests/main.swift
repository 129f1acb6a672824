import FuzzDriver
import FuzzServer

runFuzzer { fuzzHTTPRequests($0, $1) }

/// Bytes as an HTTP client sends them (request heads, bodies, pipelined requests) into a
/// real `MovieServer`'s HTTP port (see `Harness`): one connection per input, which sends
/// it, finishes sending and reads until the server closes. The head reader, the body,
/// the percent-decoding, the JSON reader and every endpoint see what the fuzzer makes;
/// the server must never trap and must always close once it has answered.
func fuzzHTTPRequests(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    Harness.shared.tidyNowAndThen()
    Harness.shared.exchange(UnsafeRawBufferPointer(start: start, count: count), to: .http)
    return 0
}
