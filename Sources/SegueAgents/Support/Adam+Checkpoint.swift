import SegueCore
import SegueTensor

extension Adam {
    /// Saves the moment estimates and step count under `prefix`, so training
    /// resumes with exactly the updates an uninterrupted run would apply.
    public func save(into checkpoint: inout Checkpoint, prefix: String) {
        let (first, second) = moments
        for i in parameters.indices {
            checkpoint.put("\(prefix)m.\(i)", first[i])
            checkpoint.put("\(prefix)v.\(i)", second[i])
        }
        checkpoint.metadata["\(prefix)steps"] = String(stepCount)
    }

    /// Restores the moments and step count saved under `prefix`.
    /// - Throws: `SegueError` when they are missing or shaped differently.
    public func restore(from checkpoint: Checkpoint, prefix: String) throws {
        var first: [Matrix] = [], second: [Matrix] = []
        for i in parameters.indices {
            let m = try checkpoint.finiteMatrix("\(prefix)m.\(i)"), v = try checkpoint.finiteMatrix("\(prefix)v.\(i)")
            guard v.storage.allSatisfy({ $0 >= 0 }) else {   // squared gradients: a negative one makes the step NaN
                throw SegueError("checkpoint '\(checkpoint.source)': tensor '\(prefix)v.\(i)' holds a negative second moment",
                                 hint: "the file is damaged; resume from another checkpoint")
            }
            guard m.hasSameShape(as: parameters[i].value), v.hasSameShape(as: parameters[i].value) else {
                throw SegueError("checkpoint '\(checkpoint.source)': optimizer moments \(prefix)\(i) are \(m.shape), parameter is \(parameters[i].value.shape)")
            }
            first.append(m)
            second.append(v)
        }
        guard let steps = checkpoint.metadata["\(prefix)steps"].flatMap(Int.init), steps >= 0 else {
            throw SegueError("checkpoint '\(checkpoint.source)' has no optimizer step count '\(prefix)steps'")
        }
        restore(first: first, second: second, stepCount: steps)
    }
}
