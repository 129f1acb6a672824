/// The size limits on what a movie holds, the same for the store, the protocol and the client.
public enum MovieLimits {
    /// The longest display title, in UTF-8 bytes after normalisation.
    @inlinable public static var maximumTitleBytes: Int { 256 }

    /// The longest info, in UTF-8 bytes after trimming.
    @inlinable public static var maximumInfoBytes: Int { 4096 }

    /// The longest key a movie can store.
    ///
    /// Lowercasing can grow a title (`Ⱥ` is two bytes, `ⱥ` three), so keys get
    /// their own bound; no 256-byte title comes near it.
    @inlinable public static var maximumKeyBytes: Int { 1023 }
}
