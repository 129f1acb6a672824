import MovieProtocol
import Testing

@Suite struct ArgumentSplittingTests {
    @Test(arguments: [Command.get, .del])
    func titleCommandsNeedATitle(command: Command) {
        #expect(split(command, "Heat") == .text("Heat"))
        #expect(split(command, "The Matrix") == .text("The Matrix"))
        #expect(split(command, "") == .failure(.missingArgument))
    }

    @Test func findNeedsText() {
        #expect(split(.find, "matrix") == .text("matrix"))
        #expect(split(.find, "") == .failure(.missingArgument))
    }

    @Test func authNeedsAToken() {
        #expect(split(.auth, "s3cret") == .text("s3cret"))
        #expect(split(.auth, "") == .failure(.missingArgument))
    }

    @Test(arguments: [Command.add, .edit, .put])
    func titleAndInfoSplitAtTheFirstBar(command: Command) {
        #expect(split(command, "Heat | 1995; Michael Mann") == .titleAndInfo("Heat", "1995; Michael Mann"))
        #expect(split(command, "Heat|1995") == .titleAndInfo("Heat", "1995"))
        #expect(split(command, "Heat | a | b || c") == .titleAndInfo("Heat", "a | b || c"))
        #expect(split(command, "Heat\t|\t1995\t") == .titleAndInfo("Heat", "1995"))
    }

    @Test(arguments: [Command.add, .edit, .put])
    func infoMayBeEmpty(command: Command) {
        #expect(split(command, "Heat |") == .titleAndInfo("Heat", ""))
        #expect(split(command, "Heat |   ") == .titleAndInfo("Heat", ""))
    }

    @Test(arguments: [Command.add, .edit, .put])
    func titleAndInfoErrors(command: Command) {
        #expect(split(command, "Heat 1995") == .failure(.missingSeparator))
        #expect(split(command, "") == .failure(.missingSeparator))
        #expect(split(command, "| 1995") == .failure(.emptyTitle))
        #expect(split(command, " \t | 1995") == .failure(.emptyTitle))
    }

    @Test(arguments: [Command.all, .count, .ping, .stats, .help, .watch, .quit])
    func commandsWithoutArgumentsRefuseExtras(command: Command) {
        #expect(split(command, "") == .none)
        #expect(split(command, "matrix") == .failure(.unexpectedArgument))
    }

    @Test func everyCommandIsCoveredWithEitherOutcome() {
        // No command may accept every input or refuse every input.
        for command in Command.allCases {
            let outcomes = ["", "Heat", "Heat | 1995"].map { split(command, $0) }
            #expect(outcomes.contains { if case .failure = $0 { true } else { false } }, "\(command)")
            #expect(outcomes.contains { if case .failure = $0 { false } else { true } }, "\(command)")
        }
    }

    @Test func eachCommandMakesItsOwnRequest() {
        let commands = Command.allCases.map { command in
            Array("Heat | 1995".utf8).withUnsafeBytes { bytes -> String in
                switch command.request(from: bytes) {
                case .success(.get): "get"
                case .success(.add): "add"
                case .success(.edit): "edit"
                case .success(.put): "put"
                case .success(.del): "del"
                case .success(.find): "find"
                case .success(.auth): "auth"
                case .success: "other"
                case .failure: "refused"
                }
            }
        }
        #expect(commands == [
            "get", "add", "edit", "put", "del", "refused", "find", "refused", "refused", "refused", "refused",
            "refused", "auth", "refused",
        ])
    }

    @Test func errorsNameTheirCommand() {
        let error = Array("".utf8).withUnsafeBytes { bytes -> ArgumentError? in
            if case .failure(let error) = Command.find.request(from: bytes) { error } else { nil }
        }
        #expect(error == ArgumentError(command: .find, problem: .missingArgument))
        #expect(error?.message.description == "missing search text")
    }
}
