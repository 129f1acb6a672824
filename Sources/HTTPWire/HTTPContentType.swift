/// The kinds of body the server sends, as their `Content-Type` values.
public enum HTTPContentType: Sendable {
    case json
    case html
    case eventStream
    /// Prometheus's text exposition format, version 0.0.4.
    case prometheusText

    var value: StaticString {
        switch self {
        case .json: "application/json"
        case .html: "text/html; charset=utf-8"
        case .eventStream: "text/event-stream"
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        }
    }
}
