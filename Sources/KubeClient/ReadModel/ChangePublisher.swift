import KubeTypes

/// Turns the changes an informer applied to its store into ``ObjectChange``s for the registry's change stream.
struct ChangePublisher: Sendable {
    let cluster: String
    let kind: ResourceKind
    let hub: ChangeHub
    /// The publishing cluster cache: once it is retired, what it still publishes is dropped.
    let source: UInt64

    /// Publishes changes, in order; the last one has sequence number `lastSequence` in store `storeID`.
    func publish<Object: CachedObject>(_ changes: [StoreChange<Object>], lastSequence: UInt64, storeID: UInt64) {
        guard !changes.isEmpty, hub.hasSubscribers else { return }
        let first = lastSequence - UInt64(changes.count - 1)
        var items: [ChangeHub.Item] = []
        items.reserveCapacity(changes.count)
        for (i, change) in changes.enumerated() {
            let type: ObjectChange.ChangeType
            switch change {
            case .added: type = .added
            case .updated: type = .modified
            case .deleted: type = .deleted
            }
            let key = change.key
            items.append(
                .object(
                    ObjectChange(
                        cluster: cluster, kind: kind, namespace: key.namespace, name: key.name, type: type,
                        resourceVersion: change.object.metadata.resourceVersion ?? "", storeID: storeID, sequence: first + UInt64(i)
                    )
                )
            )
        }
        hub.publish(items, source: source)
    }
}
