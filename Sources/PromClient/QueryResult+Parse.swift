import SkoposModel

/// Reading query answers with SkoposModel's JSON parser: several times faster than `JSONDecoder` on the large
/// vectors graph queries return.
extension QueryResult {
    /// The `data` of a query answer's JSON value.
    init?(json data: JSONValue) {
        guard let type = data["resultType"]?.stringValue else { return nil }
        let result = data["result"]
        func point(_ v: JSONValue?) -> SamplePoint? {
            guard let pair = v?.arrayValue, pair.count == 2, let text = pair[1].stringValue else { return nil }
            let time: Double
            switch pair[0] {
            case .int(let i): time = Double(i)
            case .double(let d): time = d
            default: return nil
            }
            let value: Double
            switch text {
            case "NaN": value = .nan
            case "+Inf": value = .infinity
            case "-Inf": value = -.infinity
            default:
                guard let v = Double(text) else { return nil }
                value = v
            }
            return SamplePoint(time: time, value: value)
        }
        func labels(_ v: JSONValue?) -> [String: String]? {
            guard let o = v?.objectValue else { return nil }
            var out: [String: String] = [:]
            out.reserveCapacity(o.count)
            for (k, x) in o {
                guard let s = x.stringValue else { return nil }
                out[k] = s
            }
            return out
        }
        switch type {
        case "vector":
            guard let items = result?.arrayValue else { return nil }
            var samples: [VectorSample] = []
            samples.reserveCapacity(items.count)
            for item in items {
                guard let metric = labels(item["metric"]), let p = point(item["value"]) else { return nil }
                samples.append(VectorSample(metric: metric, point: p))
            }
            self = .vector(samples)
        case "matrix":
            guard let items = result?.arrayValue else { return nil }
            var series: [RangeSeries] = []
            for item in items {
                guard let metric = labels(item["metric"]), let values = item["values"]?.arrayValue else { return nil }
                let points = values.compactMap { point($0) }
                guard points.count == values.count else { return nil }
                series.append(RangeSeries(metric: metric, values: points))
            }
            self = .matrix(series)
        case "scalar":
            guard let p = point(result) else { return nil }
            self = .scalar(p)
        case "string":
            guard let pair = result?.arrayValue, pair.count == 2, let s = pair[1].stringValue else { return nil }
            self = .string(s)
        default:
            return nil
        }
    }
}

extension PrometheusClient {
    /// The samples of a vector answer's bytes (as `/api/v1/query` returns them), for tools that hold answers.
    public static func decodeVector(_ bytes: [UInt8]) throws -> [VectorSample] {
        let json = try JSONParser.parse(bytes)
        guard json["status"]?.stringValue == "success", let data = json["data"], let result = QueryResult(json: data) else {
            throw PrometheusError(url: "", path: "/api/v1/query", kind: .badResponse, httpStatus: nil, message: "not a successful vector answer")
        }
        return result.samples
    }
}
