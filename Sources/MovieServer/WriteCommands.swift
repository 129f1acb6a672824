import MovieProtocol
import MovieStore
import Reactor

extension MovieHandler {
    /// `ADD`, `EDIT`, `PUT` and `DEL`: checks who may write, applies the change,
    /// answers, and tells every watcher.
    func write(_ command: Command, title: UnsafeRawBufferPointer, info rawInfo: UnsafeRawBufferPointer, on connection: Connection<MovieHandler>) {
        let output = connection.output
        if access.readOnly {
            output.appendError(.readOnly, "this server is read-only")
            return
        }
        if access.writeToken != nil && !connection.session.authenticated {
            output.appendError(.denied, "writes need AUTH <token> first")
            return
        }
        let normalized: NormalizedTitle
        do { normalized = try normalizer.normalize(title) } catch {
            appendTitleError(error, into: output)
            return
        }
        let info: MovieInfo
        do { info = try MovieInfo(trimming: rawInfo) } catch {
            output.appendError(.tooLong, "info is longer than 4096 bytes")
            return
        }
        switch command {
        case .add:
            switch catalogue.add(normalized, info: info) {
            case .added(let movie): announce(.added, movie, to: output)
            case .exists(let movie): withExtendedLifetime(movie) { output.appendError(.exists, movie.displayTitle) }
            }
        case .edit:
            switch catalogue.editMovie(forKey: normalized.key, info: info) {
            case .edited(let movie): announce(.edited, movie, to: output)
            case .notFound: output.appendError(.notFound, normalized.display)
            }
        case .put:
            switch catalogue.put(normalized, info: info) {
            case .added(let movie): announce(.added, movie, to: output)
            case .edited(let movie): announce(.edited, movie, to: output)
            }
        default:
            if let movie = catalogue.deleteMovie(forKey: normalized.key) {
                announce(.deleted, movie, to: output)
            } else {
                output.appendError(.notFound, normalized.display)
            }
        }
    }

    /// Answers the writer, then pushes the event to every watcher (the writer too, if it watches).
    private func announce(_ change: Change, _ movie: Movie, to output: ByteBuffer) {
        withExtendedLifetime(movie) {
            output.appendOK(change, title: movie.displayTitle)
            broadcast(change, title: movie.displayTitle)
        }
    }
}
