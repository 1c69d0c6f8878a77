import Foundation
import KubeTypes
import SkoposModel
import Testing

@testable import KubeSim

/// A minimal protobuf writer for building Kubernetes payloads in tests.
private struct ProtoWriter {
    var out: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    mutating func key(_ field: Int, wireType: Int) {
        varint(UInt64(field << 3 | wireType))
    }

    /// A varint field (wire type 0).
    mutating func int(_ field: Int, _ value: Int) {
        key(field, wireType: 0)
        varint(UInt64(bitPattern: Int64(value)))
    }

    mutating func bool(_ field: Int, _ value: Bool) {
        int(field, value ? 1 : 0)
    }

    /// A length-delimited field (wire type 2).
    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        key(field, wireType: 2)
        varint(UInt64(value.count))
        out.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    /// An embedded message.
    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        build(&inner)
        bytes(field, inner.out)
    }

    /// One entry of a `map<string, string>` field.
    mutating func mapEntry(_ field: Int, _ key: String, _ value: String) {
        message(field) {
            $0.string(1, key)
            $0.string(2, value)
        }
    }

    /// One entry of a `map<string, bytes>` field.
    mutating func mapEntry(_ field: Int, _ key: String, bytes value: [UInt8]) {
        message(field) {
            $0.string(1, key)
            $0.bytes(2, value)
        }
    }
}

private func proto(_ build: (inout ProtoWriter) -> Void) -> [UInt8] {
    var w = ProtoWriter()
    build(&w)
    return w.out
}

/// `k8s\0` + `runtime.Unknown{typeMeta: {apiVersion, kind}, raw}`.
private func envelope(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
    [0x6B, 0x38, 0x73, 0x00]
        + proto {
            $0.message(1) {
                $0.string(1, apiVersion)
                $0.string(2, kind)
            }
            $0.bytes(2, raw)
        }
}

@Suite struct ProtobufDecoderTests {
    private func decodeError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> APIError? {
        #expect(throws: APIError.self, sourceLocation: sourceLocation) { try ProtobufDecoder.decode(bytes) }
    }

    static let accessReview: [UInt8] = proto {
        $0.message(2) {  // spec
            $0.message(1) {  // resourceAttributes
                $0.string(1, "ns")
                $0.string(2, "list")
                $0.string(5, "pods")
            }
        }
    }

    @Test func selfSubjectAccessReview() throws {
        let bytes = envelope(apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", raw: Self.accessReview)
        let value = try ProtobufDecoder.decode(bytes)
        #expect(
            value
                == [
                    "apiVersion": "authorization.k8s.io/v1",
                    "kind": "SelfSubjectAccessReview",
                    "spec": ["resourceAttributes": ["namespace": "ns", "verb": "list", "resource": "pods"]],
                ]
        )
    }

    @Test func accessReviewWithAllResourceAttributes() throws {
        let raw = proto {
            $0.message(2) {
                $0.message(1) {
                    $0.string(1, "ns")
                    $0.string(2, "get")
                    $0.string(3, "apps")
                    $0.string(4, "v1")
                    $0.string(5, "deployments")
                    $0.string(6, "scale")
                    $0.string(7, "web")
                }
            }
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", raw: raw))
        #expect(
            value[path: ["spec", "resourceAttributes"]]
                == [
                    "namespace": "ns", "verb": "get", "group": "apps", "version": "v1", "resource": "deployments",
                    "subresource": "scale", "name": "web",
                ]
        )
    }

    @Test func nonResourceAccessReview() throws {
        let raw = proto {
            $0.message(2) {
                $0.message(2) {
                    $0.string(1, "/healthz")
                    $0.string(2, "get")
                }
            }
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", raw: raw))
        #expect(value["spec"] == ["nonResourceAttributes": ["path": "/healthz", "verb": "get"]])
    }

    @Test func secretWithLabelsAndBinaryData() throws {
        let raw = proto {
            $0.message(1) {  // metadata
                $0.string(1, "db-credentials")
                $0.mapEntry(11, "app", "db")
                $0.mapEntry(11, "tier", "backend")
            }
            $0.mapEntry(2, "password", bytes: Array("s3cr3t".utf8))
            $0.mapEntry(2, "blob", bytes: [0xFF, 0x00, 0xFE])
            $0.string(3, "Opaque")
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "Secret", raw: raw))
        #expect(
            value
                == [
                    "apiVersion": "v1",
                    "kind": "Secret",
                    "metadata": ["name": "db-credentials", "labels": ["app": "db", "tier": "backend"]],
                    "data": ["password": "czNjcjN0", "blob": "/wD+"],
                    "type": "Opaque",
                ]
        )
    }

    @Test func secretStringDataAndImmutable() throws {
        let raw = proto {
            $0.message(1) {
                $0.string(1, "s")
                $0.string(3, "ns")
            }
            $0.mapEntry(4, "user", "admin")
            $0.bool(5, true)
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "Secret", raw: raw))
        #expect(value["metadata"] == ["name": "s", "namespace": "ns"])
        #expect(value["stringData"] == ["user": "admin"])
        #expect(value["immutable"] == true)
    }

    @Test func mapEntryWithoutValueIsEmpty() throws {
        let raw = proto {
            $0.message(2) { $0.string(1, "empty") }
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "Secret", raw: raw))
        #expect(value["data"] == ["empty": ""])
    }

    @Test func configMap() throws {
        let raw = proto {
            $0.message(1) {
                $0.string(1, "settings")
                $0.mapEntry(12, "note", "<hello & bye>")
            }
            $0.mapEntry(2, "key", "value")
            $0.mapEntry(3, "bin", bytes: [1, 2, 3])
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "ConfigMap", raw: raw))
        #expect(value[path: ["metadata", "annotations"]] == ["note": "<hello & bye>"])
        #expect(value["data"] == ["key": "value"])
        #expect(value["binaryData"] == ["bin": "AQID"])
        #expect(value["kind"] == "ConfigMap")
    }

    @Test func repeatedFieldsBecomeArrays() throws {
        let raw = proto {
            $0.message(1) {
                $0.string(1, "ns1")
                $0.string(14, "a/finalizer")
                $0.string(14, "b/finalizer")
            }
            $0.message(2) { $0.string(1, "kubernetes") }
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "Namespace", raw: raw))
        #expect(value[path: ["metadata", "finalizers"]] == ["a/finalizer", "b/finalizer"])
        #expect(value[path: ["spec", "finalizers"]] == ["kubernetes"])
    }

    @Test func tokenRequestWithIntegers() throws {
        let raw = proto {
            $0.message(2) {
                $0.string(1, "https://kubernetes.default.svc")
                $0.string(1, "vault")
                $0.message(3) {
                    $0.string(1, "Pod")
                    $0.string(2, "v1")
                    $0.string(3, "web-0")
                }
                $0.int(4, 3600)
            }
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", raw: raw))
        #expect(
            value["spec"]
                == [
                    "audiences": ["https://kubernetes.default.svc", "vault"],
                    "boundObjectRef": ["kind": "Pod", "apiVersion": "v1", "name": "web-0"],
                    "expirationSeconds": 3600,
                ]
        )
        #expect(value["apiVersion"] == "authentication.k8s.io/v1")
    }

    @Test func negativeIntegersAndBooleans() throws {
        let raw = proto {
            $0.int(1, -1)
            $0.bool(3, false)
            $0.string(4, "Foreground")
            $0.string(5, "All")
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "DeleteOptions", raw: raw))
        #expect(value["gracePeriodSeconds"] == .int(-1))
        #expect(value["orphanDependents"] == false)
        #expect(value["propagationPolicy"] == "Foreground")
        #expect(value["dryRun"] == ["All"])
    }

    @Test func timestampsAreFormatted() throws {
        let raw = proto {
            $0.message(1) {
                $0.string(1, "x")
                $0.message(8) {
                    $0.int(1, 1_795_627_800)
                    $0.int(2, 500_000_000)
                }
            }
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "ConfigMap", raw: raw))
        #expect(value[path: ["metadata", "creationTimestamp"]] == "2026-11-25T17:30:00Z")
    }

    @Test func unknownFieldsAreSkipped() throws {
        let raw = proto {
            $0.int(99, 12345)  // varint
            $0.key(98, wireType: 1)  // fixed64
            $0.out.append(contentsOf: [1, 2, 3, 4, 5, 6, 7, 8])
            $0.key(97, wireType: 5)  // fixed32
            $0.out.append(contentsOf: [1, 2, 3, 4])
            $0.string(96, "ignored")
            $0.string(3, "Opaque")
        }
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "Secret", raw: raw))
        #expect(value == ["apiVersion": "v1", "kind": "Secret", "type": "Opaque"])
    }

    @Test func emptyPayload() throws {
        let value = try ProtobufDecoder.decode(envelope(apiVersion: "v1", kind: "ConfigMap", raw: []))
        #expect(value == ["apiVersion": "v1", "kind": "ConfigMap"])
    }

    @Test func envelopeWithoutAPIVersion() throws {
        let bytes: [UInt8] =
            [0x6B, 0x38, 0x73, 0x00]
            + proto {
                $0.message(1) { $0.string(2, "ConfigMap") }
                $0.bytes(2, [])
            }
        #expect(try ProtobufDecoder.decode(bytes) == ["kind": "ConfigMap"])
    }

    // MARK: Errors

    @Test func missingMagicIsABadRequest() throws {
        for bytes: [UInt8] in [[], [0x6B, 0x38, 0x73], Array("{}".utf8), [0x6B, 0x38, 0x73, 0x01] + Self.accessReview] {
            let error = try #require(decodeError(bytes))
            #expect(error.code == 400)
            #expect(error.reason == "BadRequest")
        }
        // The envelope alone, without the magic.
        let withoutMagic = Array(envelope(apiVersion: "v1", kind: "Secret", raw: []).dropFirst(4))
        #expect(decodeError(withoutMagic)?.code == 400)
    }

    @Test func unknownKindIsUnsupportedMediaType() throws {
        let raw = proto {
            $0.message(1) { $0.string(1, "web") }
        }
        let error = try #require(decodeError(envelope(apiVersion: "apps/v1", kind: "Deployment", raw: raw)))
        #expect(error.code == 415)
        #expect(error.reason == "UnsupportedMediaType")
        #expect(error.message.contains("Deployment"))
        #expect(error.message.contains("application/json"))
    }

    @Test func truncatedPayloadIsABadRequest() throws {
        let full = envelope(apiVersion: "v1", kind: "Secret", raw: proto { $0.string(3, "Opaque") })
        for cut in [1, 3, 8] {
            let error = try #require(decodeError(Array(full.dropLast(cut))))
            #expect(error.code == 400)
            #expect(error.reason == "BadRequest")
            #expect(error.message.hasPrefix("the protobuf body could not be decoded"))
        }
    }

    @Test func truncatedInnerMessageIsABadRequest() throws {
        // The envelope is complete, but the Secret inside claims a longer string than it has.
        let raw: [UInt8] = [0x1A, 0x10] + Array("Opa".utf8)
        let error = try #require(decodeError(envelope(apiVersion: "v1", kind: "Secret", raw: raw)))
        #expect(error.code == 400)
    }

    @Test func truncatedVarintIsABadRequest() throws {
        let error = try #require(decodeError([0x6B, 0x38, 0x73, 0x00, 0x80]))
        #expect(error.code == 400)
        #expect(error.message.contains("truncated varint"))
    }

    @Test func envelopeWithoutKindOrRawIsABadRequest() throws {
        let noRaw: [UInt8] = [0x6B, 0x38, 0x73, 0x00] + proto { $0.message(1) { $0.string(2, "Secret") } }
        #expect(decodeError(noRaw)?.code == 400)
        let noKind: [UInt8] = [0x6B, 0x38, 0x73, 0x00] + proto { $0.bytes(2, [0x1A, 0x01, 0x41]) }
        #expect(decodeError(noKind)?.code == 400)
        #expect(decodeError([0x6B, 0x38, 0x73, 0x00])?.message == "the protobuf body could not be decoded: the protobuf envelope has no type or payload")
    }

    @Test func unsupportedWireTypeIsABadRequest() throws {
        // Field 99 with wire type 3 (start group).
        let raw: [UInt8] = [0x9B, 0x06]
        let error = try #require(decodeError(envelope(apiVersion: "v1", kind: "Secret", raw: raw)))
        #expect(error.code == 400)
        #expect(error.message.contains("unsupported wire type 3"))
    }
}
