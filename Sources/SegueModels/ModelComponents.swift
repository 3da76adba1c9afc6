import SegueCore

extension Registry {
    /// Registers the learned user models (CWM, SWM, popularity baseline).
    public func registerModels() {}
}
