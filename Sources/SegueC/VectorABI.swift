import Foundation
import SegueCore

// The C ABI of vector environments: N environments from one opened
// environment's recipe, stepped in one call (see VectorHandle).

func vector(_ pointer: OpaquePointer) -> VectorHandle {
    Unmanaged<VectorHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

/// `count` environments built from `env`'s recipe (and the values of the
/// session that made it), environment `i` with seed `seed + i`. NULL on
/// failure, with the message in `segue_last_error()`.
@_cdecl("segue_vec_new")
public func segue_vec_new(_ env: OpaquePointer, _ count: Int64, _ seed: Int64) -> OpaquePointer? {
    do {
        let made = try VectorHandle(base: handle(env), count: Int(count), seed: UInt64(max(seed, 0)))
        return OpaquePointer(Unmanaged.passRetained(made).toOpaque())
    } catch {
        setOpenError(error)
        return nil
    }
}

@_cdecl("segue_vec_free")
public func segue_vec_free(_ vec: OpaquePointer) {
    Unmanaged<VectorHandle>.fromOpaque(UnsafeRawPointer(vec)).release()
}

@_cdecl("segue_vec_error")
public func segue_vec_error(_ vec: OpaquePointer) -> UnsafePointer<CChar> {
    UnsafePointer(vector(vec).lastError.pointer)
}

/// 1 when the environments step in parallel, 0 when they share a component
/// (a user model held as a value) and step one after another.
@_cdecl("segue_vec_parallel")
public func segue_vec_parallel(_ vec: OpaquePointer) -> Int32 {
    vector(vec).parallel ? 1 : 0
}

/// The buffers, row `i` for environment `i`: 0 context (N×L float32),
/// 1 candidates (N×C×F float32), 2 mask (N×C int8), 3 rewards (N float32),
/// 4 step types (N int32), 5 terminated (N int8), 6 truncated (N int8).
@_cdecl("segue_vec_buffer")
public func segue_vec_buffer(_ vec: OpaquePointer, _ which: Int32) -> UnsafeMutableRawPointer? {
    let v = vector(vec)
    switch which {
    case 0: return UnsafeMutableRawPointer(v.context)
    case 1: return UnsafeMutableRawPointer(v.candidates)
    case 2: return UnsafeMutableRawPointer(v.mask)
    case 3: return UnsafeMutableRawPointer(v.rewards)
    case 4: return UnsafeMutableRawPointer(v.stepTypes)
    case 5: return UnsafeMutableRawPointer(v.terminated)
    case 6: return UnsafeMutableRawPointer(v.truncated)
    default: return nil
    }
}

/// Resets every environment (`seed` ≥ 0: environment `i` rebuilt with seed
/// `seed + i`, episode 0; -1: each its next episode).
@_cdecl("segue_vec_reset")
public func segue_vec_reset(_ vec: OpaquePointer, _ seed: Int64) -> Int32 {
    let v = vector(vec)
    do {
        try v.reset(seed: seed >= 0 ? UInt64(seed) : nil)
        return 0
    } catch {
        v.lastError = CText("\(error)")
        return -1
    }
}

/// Steps environment `i` with `actions[i]` for every `i`, over `threads`
/// workers (0: every core). An environment whose last step ended its episode
/// starts the next one and ignores its action (Gymnasium's next-step autoreset).
@_cdecl("segue_vec_step")
public func segue_vec_step(_ vec: OpaquePointer, _ actions: UnsafePointer<Int64>, _ threads: Int32) -> Int32 {
    let v = vector(vec)
    do {
        try v.step(actions, threads: Int(threads))
        return 0
    } catch {
        v.lastError = CText("\(error)")
        return -1
    }
}
