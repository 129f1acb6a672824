import Primitives
import Testing

@Suite("Byte buffers and their pool")
struct ByteBufferTests {
    @Test func appendsAndConsumes() {
        let buffer = ByteBuffer()
        buffer.append("hello " as StaticString)
        buffer.append(decimal: -1_234_567)
        buffer.append(byte: 0x0A)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == "hello -1234567\n")
        buffer.consume(6)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == "-1234567\n")
        buffer.consume(buffer.readableCount)
        #expect(buffer.isEmpty)
    }

    @Test func claimsSpaceForTheCallerToFillAfterWhatIsThere() {
        let pool = BufferPool(blockSize: 64)
        let buffer = ByteBuffer()
        buffer.attachStorage(from: pool)
        buffer.append(String(repeating: "x", count: 60))
        buffer.consume(58)
        let start = buffer.appendUninitialized(count: 100)
        for offset in 0..<100 { start.storeBytes(of: UInt8(ascii: "a") + UInt8(offset % 26), toByteOffset: offset, as: UInt8.self) }
        #expect(buffer.readableCount == 102)
        #expect(Array(buffer.readableBytes.prefix(4)) == Array("xxab".utf8))
        #expect(buffer.readableBytes.last == UInt8(ascii: "a") + 99 % 26)
    }

    @Test func bufferGrowsCompactsAndConsumes() {
        let buffer = ByteBuffer()
        #expect(buffer.isEmpty)
        for _ in 0..<5_000 { buffer.append("0123456789") }
        #expect(buffer.readableCount == 50_000)
        buffer.consume(49_990)
        buffer.append(decimal: 1_234_567)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == "01234567891234567")
        buffer.consume(17)
        #expect(buffer.isEmpty)
    }

    @Test func writesZeroAndLargeDecimals() {
        let buffer = ByteBuffer()
        buffer.append(decimal: 0)
        buffer.append(byte: 0x20)
        buffer.append(decimal: Int.max)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == "0 \(Int.max)")
    }

    @Test func growsPastItsBlockAndKeepsUnreadBytes() {
        let pool = BufferPool(blockSize: 64)
        let buffer = ByteBuffer()
        buffer.attachStorage(from: pool)
        let text = String(repeating: "0123456789", count: 100)
        buffer.append(text)
        buffer.consume(5)
        #expect(buffer.readableCount == 995)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == String(text.dropFirst(5)))
    }

    @Test func lendsBlocksBackAndForthWithoutAllocatingNewOnes() {
        let pool = BufferPool(blockSize: 1_024)
        let buffer = ByteBuffer()
        buffer.attachStorage(from: pool)
        buffer.append("x" as StaticString)
        buffer.releaseStorageIfEmpty(to: pool)
        #expect(buffer.hasStorage, "a buffer with unread bytes keeps its block")
        buffer.consume(1)
        buffer.releaseStorageIfEmpty(to: pool)
        #expect(!buffer.hasStorage)
        #expect(pool.spareCount == 1)
        buffer.attachStorage(from: pool)
        #expect(pool.spareCount == 0)
    }

    @Test func freesBlocksThatGrewInsteadOfPoolingThem() {
        let pool = BufferPool(blockSize: 64)
        let buffer = ByteBuffer()
        buffer.attachStorage(from: pool)
        buffer.append(String(repeating: "y", count: 500))
        buffer.consume(500)
        buffer.releaseStorageIfEmpty(to: pool)
        #expect(pool.spareCount == 0)
    }
}
