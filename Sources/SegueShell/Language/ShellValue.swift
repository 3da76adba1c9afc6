import SegueCore
import SegueComponents

/// A value the shell holds by name: what `name = command ...` keeps.
public enum ShellValue {
    case world(World)
    case environment(Environment)
    case agent(any Agent, description: String)
    case userModel(any UserModel, description: String)
    case evaluation(Evaluation)
    case validation(SimulatorValidation)

    /// The kind, as `vars` shows it.
    public var kind: String {
        switch self {
        case .world: return "world"
        case .environment: return "env"
        case .agent: return "agent"
        case .userModel: return "user-model"
        case .evaluation: return "evaluation"
        case .validation: return "validation"
        }
    }

    /// The kind with its article, for messages: `an agent`, `a world`.
    public var kindWithArticle: String {
        ("aeio".contains(kind.first ?? "x") ? "an " : "a ") + kind
    }

    /// The default name a value of this kind is kept under.
    public var defaultName: String {
        switch self {
        case .world: return "world"
        case .environment: return "env"
        case .agent: return "agent"
        case .userModel: return "model"
        case .evaluation: return "results"
        case .validation: return "validation"
        }
    }

    /// One line describing the value.
    public var summary: String {
        switch self {
        case .world(let w):
            return "world '\(w.name)': \(w.catalog.count) tracks × \(w.catalog.featureCount) features, \(w.population.count) users"
                + (w.logFiles.isEmpty ? "" : ", logs " + (w.logFiles.count <= 3 ? w.logFiles.joined(separator: ", ")
                    : "\(w.logFiles[0]) and \(w.logFiles.count - 1) more files"))
        case .environment(let e):
            return "env over '\(e.world.name)': \(e.recipe?.description ?? "custom")"
        case .agent(_, let d): return "agent \(d)"
        case .userModel(_, let d): return "user model \(d)"
        case .evaluation(let ev): return "evaluation of \(ev.entries.map(\.name).joined(separator: ", ")) over \(ev.episodes) episodes"
        case .validation(let v):
            return "\(v.policies.count) policies over \(v.episodes) episodes, online in \(v.online.name), offline in \(v.offline.map(\.name).joined(separator: ", "))"
        }
    }

    /// The underlying object, for components that take values by name.
    var object: AnyObject? {
        switch self {
        case .world(let w): return w
        case .environment(let e): return e
        case .agent(let a, _): return a
        case .userModel(let m, _): return m
        case .evaluation, .validation: return nil
        }
    }
}
