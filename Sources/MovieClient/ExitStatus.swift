/// How a command ended, as the process exit status.
///
/// When several apply, the first in this order wins: usage (nothing was
/// sent), failure, disagreement, success.
public enum ExitStatus: Int32, Sendable {
    /// Every server answered as expected, and they agree.
    case success = 0
    /// A server failed (down, silent, garbage, an unexpected `ERR`), or the movie is on no server.
    case failure = 1
    /// Bad usage or input: nothing was sent.
    case usage = 2
    /// Every server answered, but not the same (or a write found the movie on only some).
    case disagreement = 3
}
