// A minimal plugin: a user model that listens with one fixed probability.
// It proves the package layout: built against Segue's modules without linking
// them, it shares the host's types, so the host's `as? UserModel` succeeds.
import SegueCore

/// Listens to every track with probability `p`, whatever was played before.
final class ConstantListener: UserModel {
    let p: Double
    init(p: Double) { self.p = p }

    func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { p }
}

@_cdecl("segue_plugin_api_version")
public func segueAPIVersion() -> Int32 { PluginAPI.version }

@_cdecl("segue_plugin_register")
public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
    PluginRegistrar.from(pointer).register(ComponentDescriptor(
        kind: .userModel, name: "constant-listener",
        summary: "listens to every track with one fixed probability",
        parameters: [.double("p", 0.5, range: 0...1, "probability of a listen")],
        make: { parameters, _ in ConstantListener(p: parameters.double("p")) }))
}
