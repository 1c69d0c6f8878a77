/// ``StoreContents`` of any object type, so a snapshot can hold the stores of every kind side by side.
protocol AnyStoreContents: Sendable {
    var storeID: UInt64 { get }
    var sequence: UInt64 { get }
    var count: Int { get }
}

extension StoreContents: AnyStoreContents {}
