/// One subset of a Service's Endpoints: `{addresses: [{kind, name, ip}], ports: [{name, protocol, port}]}`.
public struct ServiceEndpoint: Sendable, Hashable {
    /// An address: the target's kind and name (a pod) and its IP.
    public struct Address: Sendable, Hashable {
        public var kind: String
        public var name: String
        public var ip: String

        /// An address.
        public init(kind: String, name: String, ip: String) {
            self.kind = kind
            self.name = name
            self.ip = ip
        }
    }

    /// The ready addresses.
    public var addresses: [Address]
    /// The ports.
    public var ports: [ServiceDefinition.Port]

    /// A subset.
    public init(addresses: [Address], ports: [ServiceDefinition.Port]) {
        self.addresses = addresses
        self.ports = ports
    }
}
