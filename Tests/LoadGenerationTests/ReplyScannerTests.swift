import LoadGeneration
import MovieProtocol
import Testing

@Suite struct MovieReplyTests {
    @Test func getAnswerEchoesTheTitleAndCarriesTheInfo() throws {
        let text = "OK movie:000007 | hijkl\nOK"
        guard case .reply(let reply) = scan(.movie, text, expecting: .get) else { Issue.record("no reply"); return }
        #expect(reply.length == 24)
        #expect(reply.outcome == .ok)
        #expect(slice(text, reply.echoedKey) == "movie:000007")
        #expect(slice(text, reply.value) == "hijkl")
    }

    @Test func writesEchoTheirTitle() {
        for (operation, line) in [(Operation.put, "OK edited movie:000001"), (.put, "OK added movie:000001"),
                                  (.add, "OK added movie:000001"), (.edit, "OK edited movie:000001"),
                                  (.del, "OK deleted movie:000001")] {
            guard case .reply(let reply) = scan(.movie, line + "\n", expecting: operation) else {
                Issue.record("\(line) refused for \(operation)")
                continue
            }
            #expect(slice(line, reply.echoedKey) == "movie:000001")
        }
    }

    @Test func successOfTheWrongKindIsAViolation() {
        #expect(scan(.movie, "OK added movie:000001\n", expecting: .get) == .violation(.wrongKindOfReply))
        #expect(scan(.movie, "OK deleted movie:000001\n", expecting: .put) == .violation(.wrongKindOfReply))
        #expect(scan(.movie, "OK movie:1 | x\n", expecting: .del) == .violation(.wrongKindOfReply))
        #expect(scan(.movie, "OK PONG\n", expecting: .count) == .violation(.wrongKindOfReply))
        #expect(scan(.movie, "+OK\r\n", expecting: .get) == .violation(.movie(.unrecognisedLine)))
        #expect(scan(.movie, "OK PONG\n", expecting: nil) == .violation(.movie(.unexpectedResponse)))
    }

    @Test func errorsCarryTheirCode() {
        #expect(scan(.movie, "ERR NOT_FOUND movie:000001\n", expecting: .get)
            == .reply(Reply(length: 27, outcome: .error(.notFound))))
        #expect(scan(.movie, "ERR BUSY too many\n", expecting: nil) == .reply(Reply(length: 18, outcome: .error(.busy))))
    }

    @Test func multiLineAnswersWaitForEveryLineAndEventsAreSkipped() {
        #expect(scan(.movie, "OK 2\nHeat\n", expecting: .all) == .needMoreBytes)
        #expect(scan(.movie, "OK 2\nHeat\nThe Matrix\n", expecting: .all) == .reply(Reply(length: 21, outcome: .ok)))
        #expect(scan(.movie, "EVENT added Heat\nOK PONG\n", expecting: .ping) == .skip(length: 17))
    }
}

@Suite struct RedisReplyTests {
    @Test func bulkValuesNilsAndPartialReplies() {
        let text = "$5\r\nhijkl\r\n"
        #expect(scan(.redis, text, expecting: .get) == .reply(Reply(length: 11, outcome: .ok, value: 4..<9)))
        #expect(scan(.redis, "$5\r\nhij", expecting: .get) == .needMoreBytes)
        #expect(scan(.redis, "$5\r", expecting: .get) == .needMoreBytes)
        #expect(scan(.redis, "$-1\r\n", expecting: .get) == .reply(Reply(length: 5, outcome: .error(.notFound))))
        #expect(scan(.redis, "$5\r\nhijklXX", expecting: .get) == .violation(.badFraming))
    }

    @Test func simpleIntegerAndErrorReplies() {
        #expect(scan(.redis, "+OK\r\n", expecting: .put) == .reply(Reply(length: 5, outcome: .ok)))
        #expect(scan(.redis, "$-1\r\n", expecting: .add) == .reply(Reply(length: 5, outcome: .error(.exists))))
        #expect(scan(.redis, "$-1\r\n", expecting: .edit) == .reply(Reply(length: 5, outcome: .error(.notFound))))
        #expect(scan(.redis, ":1\r\n", expecting: .del) == .reply(Reply(length: 4, outcome: .ok)))
        #expect(scan(.redis, ":0\r\n", expecting: .del) == .reply(Reply(length: 4, outcome: .error(.notFound))))
        #expect(scan(.redis, ":12\r\n", expecting: .count) == .reply(Reply(length: 5, outcome: .ok)))
        #expect(scan(.redis, "+PONG\r\n", expecting: .ping) == .reply(Reply(length: 7, outcome: .ok)))
        #expect(scan(.redis, "-ERR unknown command\r\n", expecting: .get) == .reply(Reply(length: 22, outcome: .serverError)))
    }

    @Test func repliesThatCannotAnswerTheRequestAreViolations() {
        #expect(scan(.redis, "+OK\r\n", expecting: .get) == .violation(.wrongKindOfReply))
        #expect(scan(.redis, ":1\r\n", expecting: .get) == .violation(.wrongKindOfReply))
        #expect(scan(.redis, "$3\r\nabc\r\n", expecting: .put) == .violation(.wrongKindOfReply))
        #expect(scan(.redis, "*1\r\n", expecting: .get) == .violation(.unrecognisedLine))
        #expect(scan(.redis, "OK\n", expecting: .get) == .violation(.badFraming))
        #expect(scan(.redis, "+OK\r\n", expecting: nil) == .violation(.replyToNoRequest))
    }
}

@Suite struct MemcachedReplyTests {
    @Test func valuesWithTheirKeyAndEnd() {
        let text = "VALUE movie:000007 0 5\r\nhijkl\r\nEND\r\n"
        guard case .reply(let reply) = scan(.memcached, text, expecting: .get) else { Issue.record("no reply"); return }
        #expect(reply.length == text.utf8.count)
        #expect(slice(text, reply.echoedKey) == "movie:000007")
        #expect(slice(text, reply.value) == "hijkl")
        #expect(scan(.memcached, "VALUE movie:000007 0 5\r\nhijkl\r\nEN", expecting: .get) == .needMoreBytes)
        #expect(scan(.memcached, "VALUE movie:000007 0 5\r\nhijklmn\r\nEND\r\n", expecting: .get) == .violation(.badFraming))
        #expect(scan(.memcached, "END\r\n", expecting: .get) == .reply(Reply(length: 5, outcome: .error(.notFound))))
    }

    @Test func storageAndDeletionReplies() {
        #expect(scan(.memcached, "STORED\r\n", expecting: .put) == .reply(Reply(length: 8, outcome: .ok)))
        #expect(scan(.memcached, "NOT_STORED\r\n", expecting: .add) == .reply(Reply(length: 12, outcome: .error(.exists))))
        #expect(scan(.memcached, "NOT_STORED\r\n", expecting: .edit) == .reply(Reply(length: 12, outcome: .error(.notFound))))
        #expect(scan(.memcached, "DELETED\r\n", expecting: .del) == .reply(Reply(length: 9, outcome: .ok)))
        #expect(scan(.memcached, "NOT_FOUND\r\n", expecting: .del) == .reply(Reply(length: 11, outcome: .error(.notFound))))
        #expect(scan(.memcached, "VERSION 1.6.18\r\n", expecting: .ping) == .reply(Reply(length: 16, outcome: .ok)))
        #expect(scan(.memcached, "SERVER_ERROR out of memory\r\n", expecting: .put) == .reply(Reply(length: 28, outcome: .serverError)))
    }

    @Test func repliesThatCannotAnswerTheRequestAreViolations() {
        #expect(scan(.memcached, "STORED\r\n", expecting: .get) == .violation(.wrongKindOfReply))
        #expect(scan(.memcached, "DELETED\r\n", expecting: .put) == .violation(.wrongKindOfReply))
        #expect(scan(.memcached, "END\r\n", expecting: nil) == .violation(.replyToNoRequest))
    }
}
