import MovieRules
import Primitives

/// The protocol a run speaks: the movie protocol, Redis's inline commands, Redis's
/// RESP arrays (what `redis-benchmark` sends) or memcached's text protocol.
///
/// The same keys and values, the same machinery; only the bytes on the wire differ,
/// so `movied` can be compared with Redis and memcached by one tool.
public enum WireDialect: String, CaseIterable, Sendable {
    case movie, redis, resp, memcached

    /// The port a server of this kind usually listens on.
    public var defaultPort: Int {
        switch self {
        case .movie: 7070
        case .redis, .resp: 6379
        case .memcached: 11211
        }
    }

    /// Whether this kind of server has a command for `operation`.
    public func supports(_ operation: Operation) -> Bool {
        switch (self, operation) {
        case (.movie, _): true
        case (.redis, .all), (.redis, .find), (.resp, .all), (.resp, .find): false
        case (.redis, _), (.resp, _): true
        case (.memcached, .all), (.memcached, .find), (.memcached, .count): false
        case (.memcached, _): true
        }
    }

    /// What `operation` is called on this kind of server, for messages and reports.
    public func commandName(_ operation: Operation) -> String {
        switch (self, operation) {
        case (.movie, _): operation.name.uppercased()
        case (.redis, .put), (.resp, .put): "SET"
        case (.redis, .add), (.resp, .add): "SET NX"
        case (.redis, .edit), (.resp, .edit): "SET XX"
        case (.redis, .count), (.resp, .count): "DBSIZE"
        case (.redis, _), (.resp, _): operation.name.uppercased()
        case (.memcached, .put): "set"
        case (.memcached, .edit): "replace"
        case (.memcached, .del): "delete"
        case (.memcached, .ping): "version"
        case (.memcached, _): operation.name
        }
    }

    /// The largest value this kind of request can carry.
    public var maximumValueSize: Int {
        switch self {
        case .movie: MovieLimits.maximumInfoBytes
        case .redis: 60_000  // an inline request must fit Redis's 64 KiB inline limit
        case .resp: 500_000
        case .memcached: 500_000  // under memcached's default 1 MiB item size
        }
    }

    /// Writes one request for `operation` on key `key` to `buffer`.
    @inlinable public func appendRequest(_ operation: Operation, key: Int, keys: KeySpace, to buffer: ByteBuffer) {
        switch self {
        case .movie: Self.appendMovie(operation, key: key, keys: keys, to: buffer)
        case .redis: Self.appendRedis(operation, key: key, keys: keys, to: buffer)
        case .resp: Self.appendRESP(operation, key: key, keys: keys, to: buffer)
        case .memcached: Self.appendMemcached(operation, key: key, keys: keys, to: buffer)
        }
    }

    @inlinable static func appendMovie(_ operation: Operation, key: Int, keys: KeySpace, to buffer: ByteBuffer) {
        switch operation {
        case .get: buffer.append("GET ")
        case .put: buffer.append("PUT ")
        case .add: buffer.append("ADD ")
        case .edit: buffer.append("EDIT ")
        case .del: buffer.append("DEL ")
        case .find:
            buffer.append("FIND ")
            keys.appendKeyStem(key, to: buffer)
            buffer.append(byte: UInt8(ascii: "\n"))
            return
        case .all:
            buffer.append("ALL\n")
            return
        case .count:
            buffer.append("COUNT\n")
            return
        case .ping:
            buffer.append("PING\n")
            return
        }
        keys.appendKey(key, to: buffer)
        if operation.carriesValue {
            buffer.append(" | ")
            keys.appendValue(key, to: buffer)
        }
        buffer.append(byte: UInt8(ascii: "\n"))
    }

    @inlinable static func appendRedis(_ operation: Operation, key: Int, keys: KeySpace, to buffer: ByteBuffer) {
        switch operation {
        case .get: buffer.append("GET ")
        case .put, .add, .edit: buffer.append("SET ")
        case .del: buffer.append("DEL ")
        case .count:
            buffer.append("DBSIZE\r\n")
            return
        case .ping:
            buffer.append("PING\r\n")
            return
        case .all, .find:
            preconditionFailure("Redis has no \(operation.name) command here")
        }
        keys.appendKey(key, to: buffer)
        if operation.carriesValue {
            buffer.append(byte: UInt8(ascii: " "))
            keys.appendValue(key, to: buffer)
            if operation == .add { buffer.append(" NX") }
            if operation == .edit { buffer.append(" XX") }
        }
        buffer.append("\r\n")
    }

    /// A RESP array of bulk strings: `*2\r\n$3\r\nGET\r\n$12\r\nmovie:000042\r\n`.
    @inlinable static func appendRESP(_ operation: Operation, key: Int, keys: KeySpace, to buffer: ByteBuffer) {
        switch operation {
        case .get: buffer.append("*2\r\n$3\r\nGET\r\n")
        case .del: buffer.append("*2\r\n$3\r\nDEL\r\n")
        case .put: buffer.append("*3\r\n$3\r\nSET\r\n")
        case .add, .edit: buffer.append("*4\r\n$3\r\nSET\r\n")
        case .count:
            buffer.append("*1\r\n$6\r\nDBSIZE\r\n")
            return
        case .ping:
            buffer.append("*1\r\n$4\r\nPING\r\n")
            return
        case .all, .find:
            preconditionFailure("Redis has no \(operation.name) command here")
        }
        buffer.append(byte: UInt8(ascii: "$"))
        buffer.append(decimal: keys.keyLength)
        buffer.append("\r\n")
        keys.appendKey(key, to: buffer)
        buffer.append("\r\n")
        guard operation.carriesValue else { return }
        buffer.append(byte: UInt8(ascii: "$"))
        buffer.append(decimal: keys.valueSize)
        buffer.append("\r\n")
        keys.appendValue(key, to: buffer)
        buffer.append("\r\n")
        if operation == .add { buffer.append("$2\r\nNX\r\n") }
        if operation == .edit { buffer.append("$2\r\nXX\r\n") }
    }

    @inlinable static func appendMemcached(_ operation: Operation, key: Int, keys: KeySpace, to buffer: ByteBuffer) {
        switch operation {
        case .get: buffer.append("get ")
        case .put: buffer.append("set ")
        case .add: buffer.append("add ")
        case .edit: buffer.append("replace ")
        case .del: buffer.append("delete ")
        case .ping:
            buffer.append("version\r\n")
            return
        case .all, .find, .count:
            preconditionFailure("memcached has no \(operation.name) command here")
        }
        keys.appendKey(key, to: buffer)
        if operation.carriesValue {
            buffer.append(" 0 0 ")
            buffer.append(decimal: keys.valueSize)
            buffer.append("\r\n")
            keys.appendValue(key, to: buffer)
        }
        buffer.append("\r\n")
    }
}
