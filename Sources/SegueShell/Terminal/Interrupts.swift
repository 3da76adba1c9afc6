import Foundation

/// Ctrl-C as a request, not a kill: the handler only sets a flag that long
/// work polls between steps, so an agent is never left half-updated.
public enum Interrupts {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0

    /// Installs the SIGINT handler (without SA_RESTART, so a blocked read
    /// returns and the prompt can be redrawn).
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupts.requested = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether Ctrl-C was pressed since the last `clear()`.
    public static var isRequested: Bool { requested != 0 }

    /// Forgets a handled Ctrl-C.
    public static func clear() { requested = 0 }
}
