import Foundation
import SegueCore
import SegueShell

// The C ABI of one environment (see docs/python.md for the whole contract).
// Handles are opaque pointers to retained Swift objects; every function that
// can fail returns a negative status and leaves the message in
// `segue_env_error(handle)` (or `segue_last_error()` when no handle was made).
// Calls on one handle must not overlap; distinct handles are independent.

/// The message of the last `segue_env_open*` or `segue_vec_new` that failed.
nonisolated(unsafe) private var openError = CText("")
private let openErrorLock = NSLock()

func setOpenError(_ error: Error) {
    openErrorLock.lock(); defer { openErrorLock.unlock() }
    openError = CText("\(error)")
}

func handle(_ pointer: OpaquePointer) -> EnvironmentHandle {
    Unmanaged<EnvironmentHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

/// Runs `body`, turning a thrown error into -1 and the handle's message.
func guarded(_ env: EnvironmentHandle, _ body: () throws -> Int32) -> Int32 {
    do {
        return try body()
    } catch {
        env.lastError = CText("\(error)")
        return -1
    }
}

private func open(_ make: () throws -> (ShellSession, Environment)) -> OpaquePointer? {
    do {
        let (session, environment) = try make()
        return OpaquePointer(Unmanaged.passRetained(EnvironmentHandle(session: session, environment: environment)).toOpaque())
    } catch {
        setOpenError(error)
        return nil
    }
}

private let versionText = CText(Segue.version)

@_cdecl("segue_version")
public func segue_version() -> UnsafePointer<CChar> {
    UnsafePointer(versionText.pointer)
}

@_cdecl("segue_last_error")
public func segue_last_error() -> UnsafePointer<CChar> {
    openErrorLock.lock(); defer { openErrorLock.unlock() }
    return UnsafePointer(openError.pointer)
}

/// Runs `commands` (Segue's command language, one command a line; errors
/// name `source:LINE`) headless and opens the environment value `name`.
/// `flags`: 1 lets the commands load plugins, 2 lets them write anywhere.
@_cdecl("segue_env_open")
public func segue_env_open(_ commands: UnsafePointer<CChar>, _ source: UnsafePointer<CChar>,
                           _ name: UnsafePointer<CChar>, _ flags: Int32) -> OpaquePointer? {
    open {
        try HeadlessSession.environment(commands: String(cString: commands), source: String(cString: source),
                                        name: String(cString: name), flags: .init(rawValue: flags))
    }
}

/// Runs the session file `path` (its `#! param`s set by `assignments`,
/// `NAME=VALUE` one a line) headless and opens the environment value `name`.
@_cdecl("segue_env_open_file")
public func segue_env_open_file(_ path: UnsafePointer<CChar>, _ assignments: UnsafePointer<CChar>,
                                _ name: UnsafePointer<CChar>, _ flags: Int32) -> OpaquePointer? {
    open {
        let words = String(cString: assignments).split(separator: "\n").map(String.init)
        return try HeadlessSession.environment(file: String(cString: path), assignments: words,
                                               name: String(cString: name), flags: .init(rawValue: flags))
    }
}

@_cdecl("segue_env_free")
public func segue_env_free(_ env: OpaquePointer) {
    Unmanaged<EnvironmentHandle>.fromOpaque(UnsafeRawPointer(env)).release()
}

@_cdecl("segue_env_error")
public func segue_env_error(_ env: OpaquePointer) -> UnsafePointer<CChar> {
    UnsafePointer(handle(env).lastError.pointer)
}

/// Writes context length, candidates C, features F, max episode length and
/// the seed into `out[0..<5]`.
@_cdecl("segue_env_specs")
public func segue_env_specs(_ env: OpaquePointer, _ out: UnsafeMutablePointer<Int64>) {
    let e = handle(env)
    out[0] = Int64(e.contextLength)
    out[1] = Int64(e.candidateCount)
    out[2] = Int64(e.featureCount)
    out[3] = Int64(e.environment.maxLength)
    out[4] = Int64(bitPattern: e.environment.seed)
}

/// The observation buffers: 0 context (float32), 1 candidates (float32, C×F),
/// 2 mask (int8, C); and 3 the last `segue_env_play`'s reward (float32, 1).
/// Valid while the handle lives; rewritten by reset and step.
@_cdecl("segue_env_buffer")
public func segue_env_buffer(_ env: OpaquePointer, _ which: Int32) -> UnsafeMutableRawPointer? {
    let e = handle(env)
    switch which {
    case 0: return UnsafeMutableRawPointer(e.context)
    case 1: return UnsafeMutableRawPointer(e.candidates)
    case 2: return UnsafeMutableRawPointer(e.mask)
    case 3: return UnsafeMutableRawPointer(e.reward)
    default: return nil
    }
}

/// Starts an episode. `seed` ≥ 0 rebuilds the environment with that seed and
/// plays episode 0 (unless `episode` ≥ 0 names another); -1 keeps the seed and
/// plays `episode`, or the next one when it is -1.
@_cdecl("segue_env_reset")
public func segue_env_reset(_ env: OpaquePointer, _ seed: Int64, _ episode: Int64) -> Int32 {
    let e = handle(env)
    return guarded(e) {
        try e.reset(seed: seed >= 0 ? UInt64(seed) : nil, episode: episode >= 0 ? Int(episode) : nil)
        return 0
    }
}

/// Plays candidate `action`; writes the reward, the step type (0 first,
/// 1 mid, 2 last), terminated and truncated (0 or 1). After a last step the
/// next step starts a new episode and ignores its action (step type 0).
@_cdecl("segue_env_step")
public func segue_env_step(_ env: OpaquePointer, _ action: Int64, _ reward: UnsafeMutablePointer<Float>,
                           _ stepType: UnsafeMutablePointer<Int32>, _ terminated: UnsafeMutablePointer<Int32>,
                           _ truncated: UnsafeMutablePointer<Int32>) -> Int32 {
    let e = handle(env)
    return guarded(e) {
        let step = try e.step(Int(action))
        reward.pointee = step.reward
        stepType.pointee = Int32(step.stepType.rawValue)
        terminated.pointee = step.terminated ? 1 : 0
        truncated.pointee = step.truncated ? 1 : 0
        return 0
    }
}

/// Plays candidate `action`, as `segue_env_step`, in one call with two
/// arguments (what Python's loop pays for): returns the step type (0 first,
/// 1 mid, 2 last) | 4 if terminated | 8 if truncated, or -1 on error; the
/// reward goes into buffer 3.
@_cdecl("segue_env_play")
public func segue_env_play(_ env: OpaquePointer, _ action: Int64) -> Int32 {
    let e = handle(env)
    return guarded(e) {
        let step = try e.step(Int(action))
        e.reward.pointee = step.reward
        return Int32(step.stepType.rawValue) | (step.terminated ? 4 : 0) | (step.truncated ? 8 : 0)
    }
}

/// The session so far as text (valid until the next call of this function).
@_cdecl("segue_env_render")
public func segue_env_render(_ env: OpaquePointer) -> UnsafePointer<CChar> {
    let e = handle(env)
    e.rendered = CText(e.render())
    return UnsafePointer(e.rendered.pointer)
}

/// The episode being played (-1 before any reset) and its user.
@_cdecl("segue_env_episode")
public func segue_env_episode(_ env: OpaquePointer, _ out: UnsafeMutablePointer<Int64>) {
    let e = handle(env).environment
    out[0] = Int64(e.episode?.number ?? -1)
    out[1] = Int64(e.episode?.user ?? -1)
}
