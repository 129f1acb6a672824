import Benchmark
import Fixtures

/// Requests over loopback TCP to the real reactor and handler running on their
/// own thread: system calls, epoll wake-ups and the handler together.
///
/// Malloc counts cover every thread of the process, so they are the server's
/// (the client allocates nothing per round trip): the number a regression in
/// allocations per request shows up in.
let benchmarks: @Sendable () -> Void = {
    let fixture = RoundTripFixture()
    let roundTrips = Benchmark.Configuration.allocationFree(maxDuration: .seconds(3))
    let ping: StaticString = "PING\n"

    /// `PING`: the reactor's own cost per request, with the least handler work.
    Benchmark("PING round trip", configuration: roundTrips) { benchmark in
        let client = fixture.client!
        let request = UnsafeRawBufferPointer(start: ping.utf8Start, count: ping.utf8CodeUnitCount)
        for _ in benchmark.scaledIterations { client.exchange(request, answerLines: 1) }
    } setup: {
        try fixture.start()
    } teardown: {
        fixture.stop()
    }

    /// `GET` of a title among 100k movies, one request in flight at a time.
    Benchmark("GET round trip, hit, 100k movies", configuration: roundTrips) { benchmark in
        let client = fixture.client!
        for index in benchmark.scaledIterations {
            client.exchange(fixture.getRequests[wrapping: index], answerLines: 1)
        }
    } setup: {
        try fixture.start()
    } teardown: {
        fixture.stop()
    }

    /// `GET /movies/<title>` over HTTP/1.1 on a kept-alive connection: the head
    /// read a line at a time, the title percent-decoded, the movie written as JSON.
    Benchmark("HTTP GET round trip, hit, 100k movies", configuration: roundTrips) { benchmark in
        let client = fixture.httpClient!
        for index in benchmark.scaledIterations {
            client.exchange(fixture.httpGetRequests[wrapping: index], answerLines: RoundTripFixture.httpAnswerLines)
        }
    } setup: {
        try fixture.start()
    } teardown: {
        fixture.stop()
    }

    /// `GET`s pipelined `RoundTripFixture.pipelineDepth` at a time, as a busy
    /// client sends them: the per-request cost once system calls are shared.
    /// Figures are per request.
    Benchmark("GET pipelined 50 deep, hit, 100k movies", configuration: roundTrips) { benchmark in
        let client = fixture.client!
        let depth = RoundTripFixture.pipelineDepth
        for batch in 0..<(benchmark.scaledIterations.count / depth) {
            client.exchange(fixture.getBatches[wrapping: batch], answerLines: depth)
        }
    } setup: {
        try fixture.start()
    } teardown: {
        fixture.stop()
    }
}
