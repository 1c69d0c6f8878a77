import KubeTypes
import SkoposModel

extension ClusterStorage {
    /// Writes a status if it differs in anything but timestamps, so that the controllers' loops settle.
    func updateStatus(_ gr: GroupResource, _ key: ObjectKey, _ status: JSONValue) {
        _ = try? modify(gr, key) { current in
            guard var o = current?.object else { return .none }
            if Self.withoutTimes(o["status"]) == Self.withoutTimes(status) { return .none }
            o["status"] = status
            return .put(o)
        }
    }

    /// A status without the conditions' `lastUpdateTime` and `lastTransitionTime`.
    static func withoutTimes(_ v: JSONValue?) -> JSONValue? {
        guard var v else { return nil }
        if var conditions = v["conditions"]?.arrayValue {
            for i in conditions.indices {
                conditions[i]["lastUpdateTime"] = nil
                conditions[i]["lastTransitionTime"] = nil
            }
            v["conditions"] = .array(conditions)
        }
        return v
    }
}
