import Foundation

/// Keys typed while a command runs are not echoed: a redrawn progress view
/// (`train`, `train-model`) moves the cursor up over what it drew, and echoed
/// keys would shift it and leave broken frames on the screen. The keys stay
/// in the terminal's input queue, so what is typed ahead reaches the next
/// prompt, as in a Unix shell; Ctrl-C still interrupts (signals stay on).
enum QuietKeys {
    /// Runs `body` with echo and line buffering off when standard input is a
    /// terminal, and restores the terminal's settings after, also on error.
    static func during<T>(_ body: () throws -> T) rethrows -> T {
        guard isatty(0) == 1 else { return try body() }
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON)
        tcsetattr(0, TCSANOW, &quiet)
        defer {
            var restored = saved
            tcsetattr(0, TCSANOW, &restored)
        }
        return try body()
    }
}
