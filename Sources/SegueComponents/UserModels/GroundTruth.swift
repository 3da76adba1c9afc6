import SegueCore

/// The registry entry for a world's hidden ground truth (the "online" users).
enum GroundTruth {
    static let descriptor = ComponentDescriptor(
        kind: .userModel, name: "truth",
        summary: "the world's hidden ground-truth behaviour (the online users), where the world knows it",
        make: { _, context in
            let world = try context.requireWorld(for: "truth")
            guard let make = world.groundTruth else {
                throw SegueError("world '\(world.name)' has no ground truth",
                                 hint: "train a user model on its logs and name it instead")
            }
            return make()
        })
}
