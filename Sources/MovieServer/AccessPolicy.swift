/// Who may write: a server may be read-only, or want a token before writes.
public struct AccessPolicy: Sendable {
    public var readOnly: Bool
    public var writeToken: [UInt8]?

    public init(readOnly: Bool = false, writeToken: String? = nil) {
        self.readOnly = readOnly
        self.writeToken = writeToken.map { Array($0.utf8) }
    }

    /// Whether `token` is the configured one, compared in constant time so that
    /// response timing does not give the token away byte by byte.
    func accepts(_ token: UnsafeRawBufferPointer) -> Bool {
        guard let expected = writeToken else { return true }
        guard token.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<expected.count { difference |= expected[index] ^ token[index] }
        return difference == 0
    }
}
