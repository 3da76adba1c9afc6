/// The kinds of pluggable component, one registry namespace each.
public enum ComponentKind: String, CaseIterable, Sendable, Comparable {
    case world
    case userModel = "user-model"
    case trackSampler = "track-sampler"
    case episodeSampler = "episode-sampler"
    case terminationRule = "termination"
    case tracker
    case agent

    /// Plural, for listings.
    public var plural: String {
        switch self {
        case .world: return "worlds"
        case .userModel: return "user models"
        case .trackSampler: return "track samplers"
        case .episodeSampler: return "episode samplers"
        case .terminationRule: return "termination rules"
        case .tracker: return "episode trackers"
        case .agent: return "agents"
        }
    }

    /// Reads a kind from its name or plural, with "did you mean" on a typo.
    public static func parse(_ text: String) throws -> ComponentKind {
        let lowered = text.lowercased()
        if let kind = allCases.first(where: {
            $0.rawValue == lowered || $0.plural.replacingOccurrences(of: " ", with: "-") == lowered
                || $0.rawValue + "s" == lowered
        }) {
            return kind
        }
        let names = allCases.map(\.rawValue)
        let near = Suggestions.closest(to: lowered, in: names).map { " — did you mean '\($0)'?" } ?? ""
        throw SegueError("unknown component kind '\(text)'\(near)", hint: "kinds: \(names.joined(separator: ", "))")
    }

    public static func < (a: ComponentKind, b: ComponentKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
