import Audit
import Foundation

/// Writes a project's files into a folder, never over anything: every path is checked first
/// and one that is taken stops the whole write before a byte is written, and each file is
/// then created exclusively, so a file that appears meanwhile is not overwritten either.
struct ProjectWriter {
    /// The project folder as the user gave it.
    let folder: String

    enum Problem: Error, Equatable {
        /// The folder itself is a file (or another non-folder).
        case folderIsAFile
        /// Paths (relative to the folder) that are already there; a folder name that is a
        /// file ends in " (not a folder)".
        case taken([String])
        /// Writing `path` failed after `written` were created.
        case writeFailed(path: String, reason: String, written: [String])
    }

    func url(_ path: String) -> URL {
        URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(path)
    }

    /// What is already where `files` would go, in the files' order; empty when all are free.
    func taken(_ files: [ProjectTemplate.File]) -> [String] {
        var taken: [String] = []
        var foldersSeen: Set<String> = []
        for file in files {
            // A folder on the way that exists as a file blocks every file under it.
            var folderPath = ""
            for component in file.path.split(separator: "/").dropLast() {
                folderPath += folderPath.isEmpty ? String(component) : "/\(component)"
                guard foldersSeen.insert(folderPath).inserted else { continue }
                if StateFile.exists(url(folderPath).path) && !isFolder(url(folderPath).path) {
                    taken.append(folderPath + " (not a folder)")
                }
            }
            if StateFile.exists(url(file.path).path) { taken.append(file.path) }
        }
        return taken
    }

    /// Writes every file, or none when any path is taken; returns the paths written.
    func write(_ files: [ProjectTemplate.File]) throws -> [String] {
        if StateFile.exists(folder) && !isFolder(folder) { throw Problem.folderIsAFile }
        let taken = taken(files)
        guard taken.isEmpty else { throw Problem.taken(taken) }
        var written: [String] = []
        for file in files {
            let target = url(file.path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: target, options: .withoutOverwriting)
            } catch {
                throw Problem.writeFailed(path: file.path, reason: Self.reason(error), written: written)
            }
            written.append(file.path)
        }
        return written
    }

    private func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The system's words for a failed write ("File exists", "Permission denied").
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}
