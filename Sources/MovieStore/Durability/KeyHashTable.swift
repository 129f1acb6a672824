/// A map from a key's 64-bit hash to a sequence number, for the few keys with a
/// write in flight.
///
/// The hashes are SipHash values already, so they index the table as they are:
/// open addressing with linear probing over two plain arrays, and backward-shift
/// deletion so no tombstones build up. A `Dictionary` would hash each hash again.
struct KeyHashTable {
    private var hashes: [UInt64]
    private var values: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init() {
        hashes = Array(repeating: 0, count: 16)
        values = Array(repeating: 0, count: 16)
        mask = 15
    }

    var isEmpty: Bool { count == 0 }

    /// The value stored for `hash`; setting nil removes it.
    subscript(hash: UInt64) -> UInt64? {
        get {
            guard count > 0 else { return nil }
            let stored = Self.stored(hash)
            var slot = Int(truncatingIfNeeded: stored) & mask
            while hashes[slot] != 0 {
                if hashes[slot] == stored { return values[slot] }
                slot = (slot + 1) & mask
            }
            return nil
        }
        set {
            if let newValue { insert(Self.stored(hash), newValue) } else { remove(Self.stored(hash)) }
        }
    }

    /// 0 marks an empty slot, so a hash of 0 is kept as 1: the two share an
    /// entry, which only makes a read wait a little longer.
    private static func stored(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    private mutating func insert(_ hash: UInt64, _ value: UInt64) {
        if (count + 1) * 2 > hashes.count { grow() }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash {
                values[slot] = value
                return
            }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        values[slot] = value
        count += 1
    }

    private mutating func remove(_ hash: UInt64) {
        guard count > 0 else { return }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != hash {
            if hashes[slot] == 0 { return }
            slot = (slot + 1) & mask
        }
        // Pull later entries of the run into the hole unless that would put one
        // before its home slot, so every run stays unbroken.
        var hole = slot
        var next = (hole + 1) & mask
        while hashes[next] != 0 {
            let home = Int(truncatingIfNeeded: hashes[next]) & mask
            if (next - home) & mask >= (next - hole) & mask {
                hashes[hole] = hashes[next]
                values[hole] = values[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        hashes[hole] = 0
        count -= 1
    }

    private mutating func grow() {
        let oldHashes = hashes
        let oldValues = values
        hashes = Array(repeating: 0, count: oldHashes.count * 2)
        values = Array(repeating: 0, count: oldHashes.count * 2)
        mask = hashes.count - 1
        count = 0
        for index in oldHashes.indices where oldHashes[index] != 0 { insert(oldHashes[index], oldValues[index]) }
    }
}
