/// One track's features: a row of the MSSD track-feature schema, with typed fields.
///
/// `numericFeatures` flattens everything but the id into 29 floats, in the
/// order of `numericFeatureNames` (the column order, `mode` as 1 for major).
public struct TrackFeatureRecord: Hashable, Sendable {
    /// A track's musical mode.
    public enum Mode: String, Hashable, Sendable {
        case major, minor
    }

    /// `track_id`: the track; never empty.
    public var trackID: String
    /// `duration`: length in seconds, at least 0.
    public var duration: Float
    /// `release_year`.
    public var releaseYear: Int
    /// `us_popularity_estimate`: estimated popularity in the US (a percentile, 0–100).
    public var usPopularityEstimate: Float
    public var acousticness: Float
    public var beatStrength: Float
    public var bounciness: Float
    public var danceability: Float
    /// `dyn_range_mean`: mean dynamic range.
    public var dynRangeMean: Float
    public var energy: Float
    public var flatness: Float
    public var instrumentalness: Float
    /// `key`: pitch class, 0 (C) to 11 (B).
    public var key: Int
    public var liveness: Float
    /// `loudness`: in dB, usually negative.
    public var loudness: Float
    public var mechanism: Float
    /// `mode`: written major/minor; read from major/minor or 1/0.
    public var mode: Mode
    public var organism: Float
    public var speechiness: Float
    /// `tempo`: beats per minute.
    public var tempo: Float
    /// `time_signature`: beats per bar, 0 to 99 (0 where unknown).
    public var timeSignature: Int
    public var valence: Float
    /// `acoustic_vector_0` … `acoustic_vector_7`: exactly 8 values.
    public var acousticVector: [Float]

    /// A record; features left out are 0, `mode` major, `acousticVector` eight zeros.
    public init(
        trackID: String, duration: Float = 0, releaseYear: Int = 0, usPopularityEstimate: Float = 0,
        acousticness: Float = 0, beatStrength: Float = 0, bounciness: Float = 0, danceability: Float = 0,
        dynRangeMean: Float = 0, energy: Float = 0, flatness: Float = 0, instrumentalness: Float = 0,
        key: Int = 0, liveness: Float = 0, loudness: Float = 0, mechanism: Float = 0, mode: Mode = .major,
        organism: Float = 0, speechiness: Float = 0, tempo: Float = 0, timeSignature: Int = 4,
        valence: Float = 0, acousticVector: [Float] = Array(repeating: 0, count: 8)
    ) {
        self.trackID = trackID
        self.duration = duration
        self.releaseYear = releaseYear
        self.usPopularityEstimate = usPopularityEstimate
        self.acousticness = acousticness
        self.beatStrength = beatStrength
        self.bounciness = bounciness
        self.danceability = danceability
        self.dynRangeMean = dynRangeMean
        self.energy = energy
        self.flatness = flatness
        self.instrumentalness = instrumentalness
        self.key = key
        self.liveness = liveness
        self.loudness = loudness
        self.mechanism = mechanism
        self.mode = mode
        self.organism = organism
        self.speechiness = speechiness
        self.tempo = tempo
        self.timeSignature = timeSignature
        self.valence = valence
        self.acousticVector = acousticVector
    }

    /// The 29 numeric features in the order of `numericFeatureNames`; `mode` is 1 (major) or 0.
    public var numericFeatures: [Float] {
        [
            duration, Float(releaseYear), usPopularityEstimate, acousticness, beatStrength, bounciness,
            danceability, dynRangeMean, energy, flatness, instrumentalness, Float(key), liveness, loudness,
            mechanism, mode == .major ? 1 : 0, organism, speechiness, tempo, Float(timeSignature), valence,
        ] + acousticVector
    }

    /// The names of `numericFeatures`, in order: every column but `track_id`.
    public static let numericFeatureNames: [String] = Column.allCases.dropFirst().map(\.name)
}

extension TrackFeatureRecord {
    /// The 30 columns of a track-feature file, in the order writers emit them.
    public enum Column: Int, CaseIterable, Sendable, CSVColumn {
        case trackID, duration, releaseYear, usPopularityEstimate
        case acousticness, beatStrength, bounciness, danceability, dynRangeMean, energy, flatness
        case instrumentalness, key, liveness, loudness, mechanism, mode, organism, speechiness
        case tempo, timeSignature, valence
        case acousticVector0, acousticVector1, acousticVector2, acousticVector3
        case acousticVector4, acousticVector5, acousticVector6, acousticVector7

        /// The column's header name, e.g. `us_popularity_estimate`.
        public var name: String {
            switch self {
            case .trackID: return "track_id"
            case .releaseYear: return "release_year"
            case .usPopularityEstimate: return "us_popularity_estimate"
            case .beatStrength: return "beat_strength"
            case .dynRangeMean: return "dyn_range_mean"
            case .timeSignature: return "time_signature"
            default:
                if rawValue >= Column.acousticVector0.rawValue {
                    return "acoustic_vector_\(rawValue - Column.acousticVector0.rawValue)"
                }
                return "\(self)"
            }
        }
    }

    /// The header names in written order.
    public static var columnNames: [String] { Column.allCases.map(\.name) }
}

extension TrackFeatureRecord: CSVRecord {
    init(decoding row: RowDecoder<Column>) throws {
        var vector: [Float] = []
        vector.reserveCapacity(8)
        for raw in Column.acousticVector0.rawValue...Column.acousticVector7.rawValue {
            vector.append(try row.float(Column(rawValue: raw)!))
        }
        let duration = try row.float(.duration)
        guard duration >= 0 else { throw row.failure(.duration, expected: "a duration of at least 0") }
        self.init(
            trackID: try row.identifier(.trackID),
            duration: duration,
            releaseYear: try row.int(.releaseYear, in: 0...9999, expected: "a year from 0 to 9999"),
            usPopularityEstimate: try row.float(.usPopularityEstimate),
            acousticness: try row.float(.acousticness),
            beatStrength: try row.float(.beatStrength),
            bounciness: try row.float(.bounciness),
            danceability: try row.float(.danceability),
            dynRangeMean: try row.float(.dynRangeMean),
            energy: try row.float(.energy),
            flatness: try row.float(.flatness),
            instrumentalness: try row.float(.instrumentalness),
            key: try row.int(.key, in: 0...11, expected: "a key from 0 to 11"),
            liveness: try row.float(.liveness),
            loudness: try row.float(.loudness),
            mechanism: try row.float(.mechanism),
            mode: try row.mode(.mode),
            organism: try row.float(.organism),
            speechiness: try row.float(.speechiness),
            tempo: try row.float(.tempo),
            timeSignature: try row.int(.timeSignature, in: 0...99, expected: "a time signature from 0 to 99"),
            valence: try row.float(.valence),
            acousticVector: vector
        )
    }

    var csvProblem: String? {
        if trackID.isEmpty { return "track_id is empty" }
        if acousticVector.count != 8 { return "acousticVector has \(acousticVector.count) values, not 8" }
        if let bad = numericFeatures.firstIndex(where: { !$0.isFinite }) {
            return "\(Self.numericFeatureNames[bad]) is not finite"
        }
        if duration < 0 { return "duration is negative" }
        if !(0...9999).contains(releaseYear) { return "release_year \(releaseYear) is not from 0 to 9999" }
        if !(0...11).contains(key) { return "key \(key) is not from 0 to 11" }
        if !(0...99).contains(timeSignature) { return "time_signature \(timeSignature) is not from 0 to 99" }
        return nil
    }

    var csvFields: [String] {
        [trackID] + numericFeatures.enumerated().map { index, value in
            switch Column(rawValue: index + 1)! {
            case .releaseYear: return String(releaseYear)
            case .key: return String(key)
            case .timeSignature: return String(timeSignature)
            case .mode: return mode.rawValue
            default: return "\(value)"
            }
        }
    }
}
