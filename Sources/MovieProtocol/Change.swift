/// What a write did to a movie, as told in `OK added <title>` and `EVENT added <title>`.
public enum Change: UInt8, CaseIterable, Sendable {
    case added, edited, deleted

    /// The word the protocol uses for this change.
    @inlinable public var wireName: StaticString {
        switch self {
        case .added: "added"
        case .edited: "edited"
        case .deleted: "deleted"
        }
    }
}
