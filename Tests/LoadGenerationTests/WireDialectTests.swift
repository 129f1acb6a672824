import LoadGeneration
import Testing

@Suite struct WireDialectTests {
    let keys = KeySpace(count: 100, valueSize: 5)

    @Test func movieRequests() {
        #expect(requestText(.movie, .get, key: 7, keys: keys) == "GET movie:000007\n")
        #expect(requestText(.movie, .put, key: 7, keys: keys) == "PUT movie:000007 | hijkl\n")
        #expect(requestText(.movie, .add, key: 7, keys: keys) == "ADD movie:000007 | hijkl\n")
        #expect(requestText(.movie, .edit, key: 7, keys: keys) == "EDIT movie:000007 | hijkl\n")
        #expect(requestText(.movie, .del, key: 7, keys: keys) == "DEL movie:000007\n")
        #expect(requestText(.movie, .find, key: 1234, keys: keys) == "FIND movie:0012\n")
        #expect(requestText(.movie, .all, key: 0, keys: keys) == "ALL\n")
        #expect(requestText(.movie, .count, key: 0, keys: keys) == "COUNT\n")
        #expect(requestText(.movie, .ping, key: 0, keys: keys) == "PING\n")
    }

    @Test func redisInlineRequests() {
        #expect(requestText(.redis, .get, key: 7, keys: keys) == "GET movie:000007\r\n")
        #expect(requestText(.redis, .put, key: 7, keys: keys) == "SET movie:000007 hijkl\r\n")
        #expect(requestText(.redis, .add, key: 7, keys: keys) == "SET movie:000007 hijkl NX\r\n")
        #expect(requestText(.redis, .edit, key: 7, keys: keys) == "SET movie:000007 hijkl XX\r\n")
        #expect(requestText(.redis, .del, key: 7, keys: keys) == "DEL movie:000007\r\n")
        #expect(requestText(.redis, .count, key: 0, keys: keys) == "DBSIZE\r\n")
        #expect(!WireDialect.redis.supports(.all))
    }

    @Test func redisRESPRequests() {
        #expect(requestText(.resp, .get, key: 7, keys: keys) == "*2\r\n$3\r\nGET\r\n$12\r\nmovie:000007\r\n")
        #expect(requestText(.resp, .put, key: 7, keys: keys) == "*3\r\n$3\r\nSET\r\n$12\r\nmovie:000007\r\n$5\r\nhijkl\r\n")
        #expect(requestText(.resp, .add, key: 7, keys: keys)
            == "*4\r\n$3\r\nSET\r\n$12\r\nmovie:000007\r\n$5\r\nhijkl\r\n$2\r\nNX\r\n")
        #expect(requestText(.resp, .del, key: 7, keys: keys) == "*2\r\n$3\r\nDEL\r\n$12\r\nmovie:000007\r\n")
        #expect(requestText(.resp, .count, key: 0, keys: keys) == "*1\r\n$6\r\nDBSIZE\r\n")
    }

    @Test func memcachedTextRequests() {
        #expect(requestText(.memcached, .get, key: 7, keys: keys) == "get movie:000007\r\n")
        #expect(requestText(.memcached, .put, key: 7, keys: keys) == "set movie:000007 0 0 5\r\nhijkl\r\n")
        #expect(requestText(.memcached, .add, key: 7, keys: keys) == "add movie:000007 0 0 5\r\nhijkl\r\n")
        #expect(requestText(.memcached, .edit, key: 7, keys: keys) == "replace movie:000007 0 0 5\r\nhijkl\r\n")
        #expect(requestText(.memcached, .del, key: 7, keys: keys) == "delete movie:000007\r\n")
        #expect(requestText(.memcached, .ping, key: 0, keys: keys) == "version\r\n")
        #expect(!WireDialect.memcached.supports(.count))
    }
}
