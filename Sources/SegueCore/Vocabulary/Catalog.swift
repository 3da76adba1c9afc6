/// All tracks of a world, with their feature vectors.
///
/// Features are stored row-major in one flat array (`count × featureCount`) so
/// models can hand candidate pools straight to BLAS. A track is addressed by its
/// catalog index everywhere inside Segue; `ids` maps indices back to the
/// dataset's track ids (MSSD `track_id`).
public struct Catalog: Sendable {
    /// Dataset ids, one per track, in catalog order.
    public let ids: [String]
    /// Names of the feature columns, `featureCount` of them.
    public let featureNames: [String]
    /// Row-major features: track `i` is `features[i*featureCount ..< (i+1)*featureCount]`.
    public let features: [Float]

    /// Makes a catalog; the feature array must hold one row per id.
    public init(ids: [String], featureNames: [String], features: [Float]) {
        precondition(features.count == ids.count * featureNames.count,
                     "Catalog: \(features.count) feature values for \(ids.count) tracks × \(featureNames.count) features")
        self.ids = ids
        self.featureNames = featureNames
        self.features = features
    }

    /// Number of tracks.
    public var count: Int { ids.count }
    /// Number of features per track.
    public var featureCount: Int { featureNames.count }

    /// The features of track `index`.
    public func features(of index: Int) -> ArraySlice<Float> {
        features[index * featureCount ..< (index + 1) * featureCount]
    }

    /// The column of a named feature, or nil when the catalog has none.
    public func featureIndex(named name: String) -> Int? {
        featureNames.firstIndex(of: name)
    }
}

/// The listeners of a world: a feature vector each (taste, context) and a
/// premium flag.
public struct Population: Sendable {
    /// Names of the feature columns.
    public let featureNames: [String]
    /// Row-major features, one row per user.
    public let features: [Float]
    /// Whether each user has a premium subscription.
    public let premium: [Bool]

    public init(featureNames: [String], features: [Float], premium: [Bool]? = nil) {
        let width = max(featureNames.count, 1)
        precondition(features.count % width == 0,
                     "Population: \(features.count) values do not split into rows of \(featureNames.count)")
        self.featureNames = featureNames
        self.features = features
        self.premium = premium ?? Array(repeating: false, count: features.count / width)
    }

    /// Number of users.
    public var count: Int { premium.count }
    /// Number of features per user.
    public var featureCount: Int { featureNames.count }

    /// The features of user `index`.
    public func features(of index: Int) -> ArraySlice<Float> {
        features[index * featureCount ..< (index + 1) * featureCount]
    }
}
