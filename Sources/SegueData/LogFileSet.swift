import Foundation

/// Resolves what a user names as input files into a sorted list of paths:
/// one file, a comma-separated list, a folder, or a glob.
///
/// The MSSD ships its training logs as hundreds of files
/// (`training_set/log_*_2018*.csv.gz`) and its track features as two
/// (`track_features/tf_000000000000.csv`, `tf_000000000001.csv`), so `world
/// mssd` takes `logs=training_set` or `logs='training_set/log_0_*.csv.gz'`
/// and `tracks=track_features` or `tracks=tf_0.csv,tf_1.csv`.
public enum LogFileSet {
    /// The file names a folder contributes: CSV files, plain or gzip-compressed.
    public static let folderSuffixes = [".csv", ".csv.gz", ".gz"]

    /// The files named by `spec`, in sorted order within each part, each once.
    ///
    /// - A part with `*`, `?` or `[` is a glob (matching no file is an error).
    /// - A folder contributes its files ending in `.csv`, `.csv.gz` or `.gz`
    ///   (not hidden ones), sorted by name; none is an error.
    /// - Anything else is a file path, checked later when it is opened.
    /// - Parameter option: the option's name (`logs`, `tracks`), for messages.
    /// - Throws: `DataError.cannotOpen` naming the option and the part that
    ///   matched nothing.
    public static func resolve(_ spec: String, option: String) throws -> [String] {
        var paths: [String] = []
        for part in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if part.contains(where: { "*?[".contains($0) }) {
                let matched = glob(part).filter { !isFolder($0) }
                guard !matched.isEmpty else {
                    throw DataError.cannotOpen(file: "\(option)=\(part)", reason: "the pattern matches no file")
                }
                paths += matched
            } else if isFolder(part) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: part)) ?? []
                let files = names.filter { name in
                    !name.hasPrefix(".") && folderSuffixes.contains { name.hasSuffix($0) }
                }.sorted()
                guard !files.isEmpty else {
                    throw DataError.cannotOpen(file: "\(option)=\(part)",
                                               reason: "the folder holds no .csv or .csv.gz files")
                }
                paths += files.map { (part as NSString).appendingPathComponent($0) }
            } else {
                paths.append(part)
            }
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// Whether `path` is a folder.
    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// The paths matching a shell glob, sorted.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Foundation.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
