import Logging
import MovieProtocol
import MovieStore
import Primitives
import Reactor

/// Every setting of the server, with its built-in default.
///
/// Built-in defaults, then the config file, then command-line flags: each layer
/// overrides only what it names.
public struct ServerConfiguration: Sendable, Equatable {
    public var bindAddress = "127.0.0.1"
    /// Permitted ports, tried in order; the first free one is bound. 0 means any free port.
    public var ports = [7070]
    public var dataDirectory = "movied-data"
    public var sync = SyncPolicy.always
    public var maximumConnections = 10_000
    public var idleTimeoutSeconds = 300
    /// Seconds a request line may take to arrive once it has begun.
    public var requestTimeoutSeconds = 10
    public var maximumLineLength = ProtocolLimits.maxRequestLineBytes
    public var writeToken: String?
    public var readOnly = false
    public var logLevel = Logger.Level.info
    /// The catalogue a new, empty data directory starts from; nil means look for the shipped one.
    public var seedCatalogue: String?
    public var shutdownGraceSeconds = 5
    /// Journal size past which it is compacted into a snapshot (and at least twice the snapshot).
    public var compactionThresholdBytes = 64 * 1_024 * 1_024
    /// Start from the newest snapshot alone when its journal is missing or empty, instead of refusing.
    public var acceptsJournalLoss = false
    /// How clients are served: the event loop, a thread each, or one at a time.
    public var model = ServerModel.reactor
    /// The HTTP port on the same address (0: any free port), or nil for no HTTP.
    public var httpPort: Int? = 7080

    public init() {}
}

extension ServerConfiguration {
    /// One setting by the name the config file (and the flag, with `--`) gives it.
    public enum Key: String, CaseIterable, Sendable {
        case bind, port, ports
        case dataDir = "data-dir"
        case sync
        case maxConnections = "max-connections"
        case idleTimeout = "idle-timeout"
        case requestTimeout = "request-timeout"
        case maxLine = "max-line"
        case writeToken = "write-token"
        case readOnly = "read-only"
        case logLevel = "log-level"
        case seedCatalogue = "seed-catalogue"
        case shutdownGrace = "shutdown-grace"
        case compactionThreshold = "compaction-threshold"
        case acceptJournalLoss = "accept-journal-loss"
        case model
        case httpPort = "http-port"
    }

    /// Sets `key` from its text form, or says what is wrong with the value.
    public mutating func set(_ key: Key, to text: String) throws(SettingError) {
        switch key {
        case .bind:
            guard !text.isEmpty else { throw SettingError("'bind' needs an IPv4 or IPv6 address") }
            bindAddress = text
        case .port: ports = [try Self.port(text)]
        case .ports:
            let list = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingWhiteSpace()) }
            guard !list.isEmpty, !list.contains(where: \.isEmpty) else {
                throw SettingError("'ports' needs a comma-separated list of ports, got '\(text)'")
            }
            ports = try list.map { text throws(SettingError) in try Self.port(text) }
        case .dataDir:
            guard !text.isEmpty else { throw SettingError("'data-dir' needs a directory") }
            dataDirectory = text
        case .sync:
            guard let policy = SyncPolicy(rawValue: text) else {
                throw SettingError("'sync' must be always, everysec or never, got '\(text)'")
            }
            sync = policy
        case .maxConnections: maximumConnections = try Self.number(text, key, in: 1...1_000_000)
        case .idleTimeout: idleTimeoutSeconds = try Self.number(text, key, in: 0...31_536_000)
        case .requestTimeout: requestTimeoutSeconds = try Self.number(text, key, in: 0...86_400)
        case .maxLine: maximumLineLength = try Self.number(text, key, in: 512...16_777_216)
        case .writeToken:
            guard !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw SettingError("'write-token' must be non-empty and without white space")
            }
            writeToken = text
        case .readOnly: readOnly = try Self.flag(text, key)
        case .logLevel:
            guard let level = Logger.Level(rawValue: text) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw SettingError("'log-level' must be one of \(names), got '\(text)'")
            }
            logLevel = level
        case .seedCatalogue: seedCatalogue = text
        case .shutdownGrace: shutdownGraceSeconds = try Self.number(text, key, in: 0...3_600)
        case .compactionThreshold: compactionThresholdBytes = try Self.number(text, key, in: 4_096...(1 << 40))
        case .acceptJournalLoss: acceptsJournalLoss = try Self.flag(text, key)
        case .model:
            // One-shot would make a daemon that exits after its first client.
            guard let model = ServerModel(rawValue: text), model != .oneShot else {
                throw SettingError("'model' must be reactor, threaded or iterative, got '\(text)'")
            }
            self.model = model
        case .httpPort:
            httpPort = text == "off" ? nil : try Self.port(text)
        }
    }

    private static func port(_ text: String) throws(SettingError) -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw SettingError("a port is a number from 0 to 65535, got '\(text)'")
        }
        return port
    }

    private static func number(_ text: String, _ key: Key, in range: ClosedRange<Int>) throws(SettingError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw SettingError("'\(key.rawValue)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    private static func flag(_ text: String, _ key: Key) throws(SettingError) -> Bool {
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw SettingError("'\(key.rawValue)' must be yes or no, got '\(text)'")
        }
    }
}

/// A setting whose value is not acceptable, with the reason in words.
public struct SettingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

