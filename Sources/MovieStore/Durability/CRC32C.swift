/// CRC-32C (Castagnoli), the checksum of every journal record and snapshot block.
///
/// Software slicing-by-8: eight 256-entry tables let the loop fold eight bytes
/// per step, a few times faster than the classic byte-at-a-time table.
enum CRC32C {
    /// Eight tables of 256 entries, built once; never freed, never written after.
    nonisolated(unsafe) private static let tables: UnsafePointer<UInt32> = {
        let tables = UnsafeMutablePointer<UInt32>.allocate(capacity: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[byte] = crc
        }
        for table in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(table - 1) * 256 + byte]
                tables[table * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xff)]
            }
        }
        return UnsafePointer(tables)
    }()

    /// The checksum of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        extend(0, with: bytes)
    }

    /// The checksum of the bytes `checksum` was computed over followed by `bytes`.
    static func extend(_ checksum: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard var cursor = bytes.baseAddress else { return checksum }
        let tables = self.tables
        var crc = ~checksum
        var remaining = bytes.count
        while remaining >= 8 {
            let word = UInt64(littleEndian: cursor.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
            crc = tables[7 * 256 + Int(word & 0xff)]
                ^ tables[6 * 256 + Int(word >> 8 & 0xff)]
                ^ tables[5 * 256 + Int(word >> 16 & 0xff)]
                ^ tables[4 * 256 + Int(word >> 24 & 0xff)]
                ^ tables[3 * 256 + Int(word >> 32 & 0xff)]
                ^ tables[2 * 256 + Int(word >> 40 & 0xff)]
                ^ tables[1 * 256 + Int(word >> 48 & 0xff)]
                ^ tables[Int(word >> 56)]
            cursor += 8
            remaining -= 8
        }
        while remaining > 0 {
            crc = tables[Int((crc ^ UInt32(cursor.load(as: UInt8.self))) & 0xff)] ^ (crc >> 8)
            cursor += 1
            remaining -= 1
        }
        return ~crc
    }
}
