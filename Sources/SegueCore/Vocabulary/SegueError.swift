/// An error a user can act on: what went wrong, where, and how to fix it.
///
/// Every failure that reaches a user (a bad parameter, an unknown component,
/// a missing file, a plugin built for another API version) is one of these, so
/// the shell can print one clear line and keep going.
public struct SegueError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, naming the place (a file and line, a parameter, a component).
    public var message: String
    /// How to fix it, or nil when there is nothing useful to suggest.
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String {
        guard let hint else { return message }
        return "\(message) (\(hint))"
    }
}
