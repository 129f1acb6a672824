/// One request of the movie protocol: its command and the arguments that command takes.
///
/// `Command.request(from:)` makes one from a parsed line, so whoever acts on a
/// request switches over these cases and the compiler sees that every
/// command is handled, each with exactly its own arguments.
///
/// The buffers point into the request line and live as long as it does.
public enum MovieRequest {
    case get(title: UnsafeRawBufferPointer)
    /// `title | info`, split at the first `|`, both trimmed.
    case add(title: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer)
    case edit(title: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer)
    case put(title: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer)
    case del(title: UnsafeRawBufferPointer)
    case all
    case find(text: UnsafeRawBufferPointer)
    case count
    case ping
    case stats
    case help
    case watch
    case auth(token: UnsafeRawBufferPointer)
    case quit
}
