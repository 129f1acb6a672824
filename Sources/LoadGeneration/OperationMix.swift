/// Why a `--mix` text was refused.
public struct MixError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Ratios of operations, such as `get=90,put=8,del=1,all=1`, and a cheap way to draw from them.
public struct OperationMix: Equatable, Sendable {
    /// The operations with a weight above zero, in the order given.
    public let weights: [(operation: Operation, weight: Int)]
    /// Running totals of the weights, so a draw is one random number and a short scan.
    @usableFromInline let thresholds: [UInt64]
    @usableFromInline let operations: [Operation]
    @usableFromInline let total: UInt64

    public init(_ weights: [(operation: Operation, weight: Int)]) throws(MixError) {
        let kept = weights.filter { $0.weight > 0 }
        guard !kept.isEmpty else { throw MixError("the mix needs at least one operation with a weight above 0") }
        var running: UInt64 = 0
        var thresholds: [UInt64] = []
        for entry in kept {
            running += UInt64(entry.weight)
            thresholds.append(running)
        }
        self.weights = kept
        self.thresholds = thresholds
        operations = kept.map(\.operation)
        total = running
    }

    /// Parses `name=weight` pairs separated by commas; a bare `name` weighs 1.
    public init(parsing text: String) throws(MixError) {
        var entries: [(operation: Operation, weight: Int)] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pair[0].trimmingSpaces
            guard let operation = Operation(name: name) else {
                let known = Operation.allCases.map(\.name).joined(separator: ", ")
                throw MixError("unknown operation '\(name)' in the mix (known: \(known))")
            }
            guard !entries.contains(where: { $0.operation == operation }) else {
                throw MixError("'\(name)' appears twice in the mix")
            }
            var weight = 1
            if pair.count == 2 {
                guard let parsed = Int(pair[1].trimmingSpaces), parsed >= 0, parsed <= 1_000_000 else {
                    throw MixError("the weight of '\(name)' must be a whole number from 0 to 1000000, not '\(pair[1])'")
                }
                weight = parsed
            }
            entries.append((operation, weight))
        }
        try self.init(entries)
    }

    /// The operations the mix can draw.
    public var includedOperations: [Operation] { operations }

    /// `get=90,put=10`: the normal spelling, as echoed in reports.
    public var description: String {
        weights.map { "\($0.operation.name)=\($0.weight)" }.joined(separator: ",")
    }

    @inlinable public func next(using random: inout Xoshiro256) -> Operation {
        if operations.count == 1 { return operations[0] }
        let draw = random.below(total)
        var index = 0
        while draw >= thresholds[index] { index += 1 }
        return operations[index]
    }

    public static func == (lhs: OperationMix, rhs: OperationMix) -> Bool {
        lhs.operations == rhs.operations && lhs.thresholds == rhs.thresholds
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
