public import SkoposModel

extension MeshCluster {
    /// Writes the cluster as Kiali's `KubeCluster`: `kialiInstances` is `null` when there are none; Skopos's
    /// `reachable` and `lastError` only when known.
    public func write(to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("accessible")
        w.bool(accessible)
        w.member("apiEndpoint", apiEndpoint)
        w.key("isKialiHome")
        w.bool(isKialiHome)
        w.key("kialiInstances")
        if kialiInstances.isEmpty {
            w.null()
        } else {
            w.beginArray()
            for instance in kialiInstances {
                w.beginObject()
                w.member("namespace", instance.namespace)
                w.member("operatorResource", instance.operatorResource)
                w.member("serviceName", instance.serviceName)
                w.member("url", instance.url)
                w.member("version", instance.version)
                w.endObject()
            }
            w.endArray()
        }
        w.member("name", name)
        w.member("secretName", secretName)
        if let reachable {
            w.key("reachable")
            w.bool(reachable)
        }
        if let lastError { w.member("lastError", lastError) }
        w.endObject()
    }
}
