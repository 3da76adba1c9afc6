import Foundation
import SegueCore
import SegueShell

// A whole Segue session behind the C ABI: lines of the command language run
// as the shell runs them, their output collected per line. The Jupyter kernel
// (python/segue/kernel.py) is built on it.

/// One session and the output of its last line.
final class SessionHandle {
    let session: ShellSession
    var output = CText("")
    var lastError = CText("")
    var completions = CText("")

    init(session: ShellSession) { self.session = session }
}

private func sessionHandle(_ pointer: OpaquePointer) -> SessionHandle {
    Unmanaged<SessionHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

/// A new session (flags as `segue_env_open`'s: 1 allow plugins, 2 allow writes).
/// Ctrl-C (SIGINT) reaches it after `segue_session_arm_interrupts`.
@_cdecl("segue_session_new")
public func segue_session_new(_ flags: Int32) -> OpaquePointer {
    let session = HeadlessSession.session(flags: .init(rawValue: flags))
    session.interruptRequested = { Interrupts.isRequested }
    session.forgetInterrupt = { Interrupts.clear() }
    return OpaquePointer(Unmanaged.passRetained(SessionHandle(session: session)).toOpaque())
}

@_cdecl("segue_session_free")
public func segue_session_free(_ session: OpaquePointer) {
    Unmanaged<SessionHandle>.fromOpaque(UnsafeRawPointer(session)).release()
}

/// Installs Segue's SIGINT handler (a flag that long work polls between
/// steps, so training stops cleanly) and forgets an earlier Ctrl-C. Call it
/// before each line: a host such as ipykernel installs its own handler.
@_cdecl("segue_session_arm_interrupts")
public func segue_session_arm_interrupts() {
    Interrupts.install()
    Interrupts.clear()
}

/// Runs one line as a cell; 0 on success, -1 with the message in
/// `segue_session_error`. `segue_session_output` has what it printed.
@_cdecl("segue_session_execute")
public func segue_session_execute(_ session: OpaquePointer, _ line: UnsafePointer<CChar>) -> Int32 {
    let s = sessionHandle(session)
    var printed: [String] = []
    s.session.sink = { printed.append($0) }
    defer {
        s.output = CText(printed.joined(separator: "\n"))
        s.session.sink = { _ in }
    }
    do {
        try s.session.execute(String(cString: line))
        return 0
    } catch {
        s.lastError = CText("error: \(error)")
        return -1
    }
}

@_cdecl("segue_session_output")
public func segue_session_output(_ session: OpaquePointer) -> UnsafePointer<CChar> {
    UnsafePointer(sessionHandle(session).output.pointer)
}

@_cdecl("segue_session_error")
public func segue_session_error(_ session: OpaquePointer) -> UnsafePointer<CChar> {
    UnsafePointer(sessionHandle(session).lastError.pointer)
}

/// Completions of `word` after `before` on the line, one a line: the shell's
/// Tab completion (commands, components, parameter keys, values, paths).
@_cdecl("segue_session_complete")
public func segue_session_complete(_ session: OpaquePointer, _ word: UnsafePointer<CChar>,
                                   _ before: UnsafePointer<CChar>) -> UnsafePointer<CChar> {
    let s = sessionHandle(session)
    let matches = Completer(session: s.session).complete(word: String(cString: word), before: String(cString: before))
    s.completions = CText(matches.joined(separator: "\n"))
    return UnsafePointer(s.completions.pointer)
}
