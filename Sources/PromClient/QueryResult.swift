/// The `data` of a query answer.
public enum QueryResult: Sendable, Equatable, Decodable {
    case vector([VectorSample])
    case matrix([RangeSeries])
    case scalar(SamplePoint)
    case string(String)

    enum CodingKeys: String, CodingKey { case resultType, result }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .resultType) {
        case "vector": self = .vector(try c.decode([VectorSample].self, forKey: .result))
        case "matrix": self = .matrix(try c.decode([RangeSeries].self, forKey: .result))
        case "scalar": self = .scalar(try c.decode(SamplePoint.self, forKey: .result))
        case "string":
            var pair = try c.nestedUnkeyedContainer(forKey: .result)
            _ = try pair.decode(Double.self)
            self = .string(try pair.decode(String.self))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .resultType, in: c, debugDescription: "unknown resultType \(other)")
        }
    }

    /// The samples of a vector answer (empty for other kinds).
    public var samples: [VectorSample] {
        if case .vector(let v) = self { return v }
        return []
    }
}

/// A time and a value; Prometheus writes the value as a string (`"NaN"`, `"+Inf"` included).
public struct SamplePoint: Sendable, Equatable, Decodable {
    public var time: Double
    public var value: Double

    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        time = try c.decode(Double.self)
        let text = try c.decode(String.self)
        switch text {
        case "NaN": value = .nan
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        default:
            guard let v = Double(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a sample value: \(text)")
            }
            value = v
        }
    }
}

/// One series of an instant vector.
public struct VectorSample: Sendable, Equatable, Decodable {
    public var metric: [String: String]
    public var point: SamplePoint

    public var value: Double { point.value }

    enum CodingKeys: String, CodingKey { case metric, value }

    public init(metric: [String: String], point: SamplePoint) {
        self.metric = metric
        self.point = point
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metric = try c.decode([String: String].self, forKey: .metric)
        point = try c.decode(SamplePoint.self, forKey: .value)
    }
}

/// One series of a range answer.
public struct RangeSeries: Sendable, Equatable, Decodable {
    public var metric: [String: String]
    public var values: [SamplePoint]
}
