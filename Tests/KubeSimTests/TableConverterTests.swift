import Foundation
import KubeTypes
import SkoposModel
import Testing

@testable import KubeSim

/// Server-side printing of `meta.k8s.io/v1 Table`s.
@Suite struct TableConverterTests {
    private func builtin(_ kind: String) throws -> ResourceType {
        try #require(BuiltinResources.kubernetes.first { $0.kind == kind })
    }

    /// A creation timestamp `seconds` ago; whole hours keep the AGE cell stable while the test runs.
    private func created(secondsAgo seconds: TimeInterval) -> JSONValue {
        .string(Timestamp.format(Date().addingTimeInterval(-seconds)))
    }

    private func table(_ type: ResourceType, _ objects: [JSONValue], includeObject: String = "None") -> JSONValue {
        TableConverter.table(type: type, objects: objects, includeObject: includeObject, listMetadata: ["resourceVersion": "7"])
    }

    private func columnNames(_ table: JSONValue) -> [String] {
        (table["columnDefinitions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    private func cells(_ table: JSONValue, row: Int = 0) throws -> [JSONValue] {
        let rows = try #require(table["rows"]?.arrayValue)
        try #require(rows.indices.contains(row))
        return try #require(rows[row]["cells"]?.arrayValue)
    }

    /// The cell of the named column in the first row.
    private func cell(_ table: JSONValue, _ column: String, row: Int = 0) throws -> JSONValue {
        let index = try #require(columnNames(table).firstIndex(of: column))
        return try cells(table, row: row)[index]
    }

    // MARK: The Table envelope

    @Test func envelope() throws {
        let t = table(try builtin("ConfigMap"), [])
        #expect(t["kind"] == "Table")
        #expect(t["apiVersion"] == "meta.k8s.io/v1")
        #expect(t["metadata"] == ["resourceVersion": "7"])
        #expect(t["rows"] == [])
    }

    @Test func nameColumnDefinition() throws {
        let t = table(try builtin("ConfigMap"), [])
        let first = try #require(t["columnDefinitions"]?.arrayValue?.first)
        #expect(
            first
                == [
                    "name": "Name", "type": "string", "format": "name", "description": "Name must be unique within a namespace.",
                    "priority": 0,
                ]
        )
    }

    @Test func wantsTable() {
        #expect(TableConverter.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"))
        #expect(!TableConverter.wantsTable("application/json"))
    }

    // MARK: Pods

    static let pod: JSONValue = [
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": "web-1", "namespace": "default"],
        "spec": ["nodeName": "node-1", "containers": [["name": "app"], ["name": "sidecar"]]],
        "status": [
            "phase": "Running", "podIP": "10.0.0.5",
            "containerStatuses": [
                ["name": "app", "ready": true, "restartCount": 2],
                ["name": "sidecar", "ready": false, "restartCount": 1],
            ],
        ],
    ]

    @Test func podColumns() throws {
        let t = table(try builtin("Pod"), [])
        #expect(columnNames(t) == ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node"])
        let priorities = (t["columnDefinitions"]?.arrayValue ?? []).map { $0["priority"] }
        #expect(priorities == [0, 0, 0, 0, 0, 1, 1])
    }

    @Test func podRow() throws {
        var pod = Self.pod
        pod[path: ["metadata", "creationTimestamp"]] = created(secondsAgo: 3 * 3600)
        let t = table(try builtin("Pod"), [pod])
        #expect(try cells(t) == ["web-1", "1/2", "Running", 3, "3h", "10.0.0.5", "node-1"])
    }

    @Test func podReadyCountsReadyContainerStatuses() throws {
        var pod = Self.pod
        pod[path: ["status", "containerStatuses"]] = [["ready": true], ["ready": true]]
        #expect(try cell(table(try builtin("Pod"), [pod]), "Ready") == "2/2")
        pod[path: ["status"]] = [:]
        #expect(try cell(table(try builtin("Pod"), [pod]), "Ready") == "0/2")
    }

    @Test func podStatusPrefersWaitingReason() throws {
        var pod = Self.pod
        pod[path: ["status", "containerStatuses"]] = [
            ["ready": true, "state": ["running": [:]]],
            ["ready": false, "state": ["waiting": ["reason": "CrashLoopBackOff"]]],
        ]
        #expect(try cell(table(try builtin("Pod"), [pod]), "Status") == "CrashLoopBackOff")
    }

    @Test func terminatingPod() throws {
        var pod = Self.pod
        pod[path: ["metadata", "deletionTimestamp"]] = "2026-11-25T17:30:00Z"
        #expect(try cell(table(try builtin("Pod"), [pod]), "Status") == "Terminating")
    }

    @Test func podDefaults() throws {
        let pod: JSONValue = ["metadata": ["name": "bare"], "spec": ["containers": [["name": "c"]]]]
        let t = table(try builtin("Pod"), [pod])
        #expect(try cells(t) == ["bare", "0/1", "Pending", 0, "<unknown>", "<none>", "<none>"])
    }

    // MARK: Services

    @Test func serviceColumns() throws {
        let t = table(try builtin("Service"), [])
        #expect(columnNames(t) == ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"])
    }

    @Test func serviceRow() throws {
        let service: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": created(secondsAgo: 50 * 3600)],
            "spec": [
                "type": "ClusterIP", "clusterIP": "10.96.0.10",
                "ports": [["port": 80, "protocol": "TCP"], ["port": 443, "protocol": "TCP"]],
                "selector": ["tier": "fe", "app": "web"],
            ],
        ]
        let t = table(try builtin("Service"), [service])
        #expect(try cells(t) == ["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,443/TCP", "2d2h", "app=web,tier=fe"])
    }

    @Test func servicePorts() throws {
        let type = try builtin("Service")
        func ports(_ ports: JSONValue) throws -> JSONValue {
            try cell(table(type, [["metadata": ["name": "s"], "spec": ["ports": ports]]]), "Port(s)")
        }
        #expect(try ports([["port": 80]]) == "80/TCP")
        #expect(try ports([["port": 53, "protocol": "UDP"], ["port": 53, "protocol": "TCP"]]) == "53/UDP,53/TCP")
        #expect(try ports([["port": 80, "nodePort": 30080, "protocol": "TCP"]]) == "80:30080/TCP")
        #expect(try ports([]) == "<none>")
    }

    @Test func serviceExternalIP() throws {
        let type = try builtin("Service")
        func externalIP(_ spec: JSONValue, _ status: JSONValue = [:]) throws -> JSONValue {
            try cell(table(type, [["metadata": ["name": "s"], "spec": spec, "status": status]]), "External-IP")
        }
        #expect(try externalIP(["type": "ClusterIP"]) == "<none>")
        #expect(try externalIP(["type": "LoadBalancer"]) == "<pending>")
        #expect(
            try externalIP(["type": "LoadBalancer"], ["loadBalancer": ["ingress": [["ip": "1.2.3.4"], ["hostname": "lb.example.com"]]]])
                == "1.2.3.4,lb.example.com"
        )
    }

    @Test func serviceDefaults() throws {
        let t = table(try builtin("Service"), [["metadata": ["name": "s"]]])
        #expect(try cells(t) == ["s", "ClusterIP", "<none>", "<none>", "<none>", "<unknown>", "<none>"])
    }

    // MARK: Deployments

    @Test func deploymentRow() throws {
        let deployment: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": created(secondsAgo: 25 * 3600)],
            "spec": ["replicas": 3],
            "status": ["readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2],
        ]
        let t = table(try builtin("Deployment"), [deployment])
        #expect(columnNames(t) == ["Name", "Ready", "Up-to-date", "Available", "Age"])
        #expect(try cells(t) == ["web", "2/3", 3, 2, "25h"])
    }

    @Test func deploymentWithoutStatus() throws {
        let t = table(try builtin("Deployment"), [["metadata": ["name": "new"], "spec": ["replicas": 3]]])
        #expect(try cell(t, "Ready") == "0/3")
        #expect(try cell(t, "Up-to-date") == 0)
        #expect(try cell(t, "Available") == 0)
    }

    // MARK: Other built-in kinds

    @Test func namespaceAndSecretAndConfigMap() throws {
        let ns = table(try builtin("Namespace"), [["metadata": ["name": "default"]], ["metadata": ["name": "gone"], "status": ["phase": "Terminating"]]])
        #expect(try cell(ns, "Status") == "Active")
        #expect(try cell(ns, "Status", row: 1) == "Terminating")

        let secret = table(try builtin("Secret"), [["metadata": ["name": "s"], "data": ["a": "eA==", "b": "eQ=="]]])
        #expect(try cells(secret).prefix(3) == ["s", "Opaque", 2])

        let cm = table(try builtin("ConfigMap"), [["metadata": ["name": "c"], "data": ["a": "1"], "binaryData": ["b": "AA=="]]])
        #expect(try cell(cm, "Data") == 2)
    }

    @Test func customResourceDefinitionsHaveNoAgeColumn() throws {
        let crd = try builtin("CustomResourceDefinition")
        #expect(!columnNames(table(crd, [])).contains("Age"))
    }

    // MARK: Custom resources

    static let widgetType = ResourceType(
        group: "example.com", versions: ["v1"], storageVersion: "v1", kind: "Widget", plural: "widgets", singular: "widget",
        namespaced: true,
        printerColumns: [
            PrinterColumn(name: "Hosts", type: "string", description: "The hosts", jsonPath: ".spec.hosts[*]"),
            PrinterColumn(name: "Replicas", type: "integer", description: "Desired replicas", jsonPath: ".spec.replicas"),
            PrinterColumn(name: "Ready", type: "string", jsonPath: #".status.conditions[?(@.type=="Ready")].status"#),
            PrinterColumn(name: "Enabled", type: "boolean", jsonPath: ".spec.enabled"),
            PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
            PrinterColumn(name: "Owner", type: "string", priority: 1, jsonPath: ".spec.owner"),
        ],
        isCustom: true
    )

    static let widget: JSONValue = [
        "apiVersion": "example.com/v1", "kind": "Widget",
        "metadata": ["name": "w1", "namespace": "default"],
        "spec": ["hosts": ["a.example.com", "b.example.com"], "replicas": 3, "enabled": true],
        "status": ["conditions": [["type": "Synced", "status": "False"], ["type": "Ready", "status": "True"]]],
    ]

    @Test func customColumnDefinitions() throws {
        let t = table(Self.widgetType, [])
        #expect(columnNames(t) == ["Name", "Hosts", "Replicas", "Ready", "Enabled", "Age", "Owner"])
        let defs = try #require(t["columnDefinitions"]?.arrayValue)
        #expect(defs[1] == ["name": "Hosts", "type": "string", "format": "", "description": "The hosts", "priority": 0])
        #expect(defs[2]["type"] == "integer")
        #expect(defs[4]["type"] == "boolean")
        #expect(defs[5]["type"] == "date")
        #expect(defs[6]["priority"] == 1)
    }

    @Test func customRow() throws {
        var widget = Self.widget
        widget[path: ["metadata", "creationTimestamp"]] = created(secondsAgo: 3 * 3600)
        let t = table(Self.widgetType, [widget])
        #expect(try cells(t) == ["w1", "a.example.com,b.example.com", 3, "True", true, "3h", nil])
    }

    @Test func integerColumns() throws {
        func replicas(_ value: JSONValue) throws -> JSONValue {
            try cell(table(Self.widgetType, [["metadata": ["name": "w"], "spec": ["replicas": value]]]), "Replicas")
        }
        #expect(try replicas(5) == .int(5))
        #expect(try replicas(.double(5.0)) == .int(5))
        #expect(try replicas(.double(2.5)) == "2.5")
        #expect(try replicas("7") == "7")
    }

    @Test func missingValuesAreNull() throws {
        let t = table(Self.widgetType, [["metadata": ["name": "empty"]]])
        #expect(try cells(t) == ["empty", nil, nil, nil, nil, "<unknown>", nil])
    }

    @Test func singleArrayValueIsRenderedAsJSON() throws {
        let type = ResourceType(
            group: "example.com", versions: ["v1"], storageVersion: "v1", kind: "Gateway", plural: "gateways", singular: "gateway",
            namespaced: true, printerColumns: [PrinterColumn(name: "Hosts", type: "string", jsonPath: ".spec.hosts")], isCustom: true
        )
        let t = table(type, [["metadata": ["name": "g"], "spec": ["hosts": ["a", "b"]]]])
        #expect(try cells(t) == ["g", #"["a","b"]"#])
    }

    @Test func customWithoutColumnsGetsAge() throws {
        let type = ResourceType(
            group: "example.com", versions: ["v1"], storageVersion: "v1", kind: "Plain", plural: "plains", singular: "plain",
            namespaced: false, isCustom: true
        )
        let t = table(type, [["metadata": ["name": "p", "creationTimestamp": created(secondsAgo: 8 * 86400)]]])
        #expect(columnNames(t) == ["Name", "Age"])
        let age = try #require(t["columnDefinitions"]?.arrayValue?.last)
        #expect(age["type"] == "date")
        #expect(age["description"] == "Creation time")
        #expect(try cells(t) == ["p", "8d"])
    }

    // MARK: includeObject

    @Test func includeObjectNone() throws {
        let t = table(Self.widgetType, [Self.widget], includeObject: "None")
        let row = try #require(t["rows"]?.arrayValue?.first)
        #expect(row.objectValue?.keys.sorted() == ["cells"])
    }

    @Test func includeObjectObject() throws {
        let t = table(Self.widgetType, [Self.widget], includeObject: "Object")
        let row = try #require(t["rows"]?.arrayValue?.first)
        #expect(row["object"] == Self.widget)
    }

    @Test(arguments: ["Metadata", ""])
    func includeObjectMetadata(_ includeObject: String) throws {
        let t = table(Self.widgetType, [Self.widget], includeObject: includeObject)
        let row = try #require(t["rows"]?.arrayValue?.first)
        #expect(
            row["object"]
                == [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": ["name": "w1", "namespace": "default"],
                ]
        )
    }

    @Test func rowsFollowObjectOrder() throws {
        let objects: [JSONValue] = ["c", "a", "b"].map { ["metadata": ["name": .string($0)]] }
        let t = table(try builtin("ConfigMap"), objects)
        let names = (t["rows"]?.arrayValue ?? []).map { $0["cells"]?.arrayValue?.first }
        #expect(names == ["c", "a", "b"])
    }
}
