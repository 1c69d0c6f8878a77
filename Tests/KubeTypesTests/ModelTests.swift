import Foundation
import SkoposModel
import Testing

@testable import KubeTypes

/// Decodes `json` as `T` with a plain `JSONDecoder`, as the client does.
private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(json.utf8))
}

// MARK: - Fixtures

/// A Bookinfo Pod as the API server returns it: managed fields, an `istio-init` init container, an injected
/// `istio-proxy` sidecar, dual-stack IPs and running containers.
private let sidecarPod = #"""
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {
        "name": "reviews-v2-5b667bcbf8-x7k2p",
        "generateName": "reviews-v2-5b667bcbf8-",
        "namespace": "bookinfo",
        "uid": "6f1c0a4e-3d1e-4a59-9b7c-0d8c1f0e2a11",
        "resourceVersion": "184467",
        "creationTimestamp": "2025-03-04T10:15:30Z",
        "labels": {
          "app": "reviews", "version": "v2", "pod-template-hash": "5b667bcbf8",
          "security.istio.io/tlsMode": "istio", "service.istio.io/canonical-name": "reviews"
        },
        "annotations": {
          "istio.io/rev": "default",
          "sidecar.istio.io/status": "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}",
          "prometheus.io/port": "15020"
        },
        "ownerReferences": [
          {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "reviews-v2-5b667bcbf8",
           "uid": "0b7e8d52-5f44-4c1a-8d7e-2f6a3b9c1d00", "controller": true, "blockOwnerDeletion": true}
        ],
        "managedFields": [
          {"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
           "time": "2025-03-04T10:15:30Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {}}}
        ]
      },
      "spec": {
        "volumes": [{"name": "istio-envoy", "emptyDir": {"medium": "Memory"}}],
        "initContainers": [
          {"name": "istio-init", "image": "docker.io/istio/proxyv2:1.24.0",
           "args": ["istio-iptables", "-p", "15001"], "resources": {"limits": {"cpu": "2"}}}
        ],
        "containers": [
          {"name": "reviews", "image": "docker.io/istio/examples-bookinfo-reviews-v2:1.20.2",
           "ports": [{"containerPort": 9080, "protocol": "TCP"}],
           "env": [{"name": "LOG_DIR", "value": "/tmp/logs"}], "imagePullPolicy": "IfNotPresent"},
          {"name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.24.0",
           "ports": [{"name": "http-envoy-prom", "containerPort": 15090, "protocol": "TCP"}],
           "readinessProbe": {"httpGet": {"path": "/healthz/ready", "port": 15021}}}
        ],
        "restartPolicy": "Always",
        "serviceAccountName": "bookinfo-reviews",
        "serviceAccount": "bookinfo-reviews",
        "nodeName": "kind-worker",
        "hostname": "reviews-v2"
      },
      "status": {
        "phase": "Running",
        "conditions": [
          {"type": "Initialized", "status": "True", "lastTransitionTime": "2025-03-04T10:15:32Z"},
          {"type": "Ready", "status": "True", "lastTransitionTime": "2025-03-04T10:15:40Z"},
          {"type": "PodScheduled", "status": "True", "lastTransitionTime": "2025-03-04T10:15:30Z"}
        ],
        "hostIP": "172.18.0.3",
        "podIP": "10.244.1.17",
        "podIPs": [{"ip": "10.244.1.17"}, {"ip": "fd00:10:244:1::11"}],
        "startTime": "2025-03-04T10:15:30Z",
        "initContainerStatuses": [
          {"name": "istio-init", "ready": true, "restartCount": 0,
           "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}
        ],
        "containerStatuses": [
          {"name": "istio-proxy", "ready": true, "restartCount": 0, "image": "docker.io/istio/proxyv2:1.24.0",
           "imageID": "docker.io/istio/proxyv2@sha256:abc", "containerID": "containerd://1",
           "started": true, "state": {"running": {"startedAt": "2025-03-04T10:15:33Z"}}, "lastState": {}},
          {"name": "reviews", "ready": true, "restartCount": 2,
           "image": "docker.io/istio/examples-bookinfo-reviews-v2:1.20.2",
           "state": {"running": {"startedAt": "2025-03-04T10:15:35Z"}},
           "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}
        ],
        "qosClass": "Burstable"
      }
    }
    """#

/// A Deployment with both `matchLabels` and `matchExpressions`, a rolling-update strategy and rollout status.
private let deploymentJSON = #"""
    {
      "apiVersion": "apps/v1",
      "kind": "Deployment",
      "metadata": {
        "name": "reviews-v2", "namespace": "bookinfo", "uid": "d-1", "resourceVersion": "184500", "generation": 3,
        "creationTimestamp": "2025-03-04T10:00:00Z",
        "labels": {"app": "reviews", "version": "v2"},
        "annotations": {"deployment.kubernetes.io/revision": "2"}
      },
      "spec": {
        "replicas": 3,
        "selector": {
          "matchLabels": {"app": "reviews"},
          "matchExpressions": [
            {"key": "version", "operator": "In", "values": ["v2", "v2-canary"]},
            {"key": "legacy", "operator": "DoesNotExist"}
          ]
        },
        "template": {
          "metadata": {"labels": {"app": "reviews", "version": "v2"},
                       "annotations": {"sidecar.istio.io/inject": "true"}},
          "spec": {
            "serviceAccountName": "bookinfo-reviews",
            "containers": [{"name": "reviews", "image": "docker.io/istio/examples-bookinfo-reviews-v2:1.20.2",
                            "ports": [{"containerPort": 9080}]}]
          }
        },
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
        "revisionHistoryLimit": 10,
        "progressDeadlineSeconds": 600
      },
      "status": {
        "observedGeneration": 3,
        "replicas": 3,
        "updatedReplicas": 3,
        "readyReplicas": 2,
        "availableReplicas": 2,
        "unavailableReplicas": 1,
        "conditions": [
          {"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable",
           "message": "Deployment does not have minimum availability.",
           "lastUpdateTime": "2025-03-04T10:16:00Z", "lastTransitionTime": "2025-03-04T10:16:00Z"},
          {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}
        ]
      }
    }
    """#

// MARK: - Pods

@Suite struct PodModelTests {
    @Test func sidecarPodDecodes() throws {
        let pod = try decode(Pod.self, sidecarPod)
        #expect(pod.metadata.name == "reviews-v2-5b667bcbf8-x7k2p")
        #expect(pod.metadata.namespace == "bookinfo")
        #expect(pod.metadata.uid == "6f1c0a4e-3d1e-4a59-9b7c-0d8c1f0e2a11")
        #expect(pod.metadata.resourceVersion == "184467")
        #expect(pod.metadata.creationTimestamp == "2025-03-04T10:15:30Z")
        #expect(pod.metadata.deletionTimestamp == nil)
        #expect(pod.metadata.labels["security.istio.io/tlsMode"] == "istio")
        #expect(pod.metadata.annotations["sidecar.istio.io/status"]?.contains("istio-proxy") == true)
        #expect(pod.metadata.ownerReferences == [
            OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "reviews-v2-5b667bcbf8",
                           uid: "0b7e8d52-5f44-4c1a-8d7e-2f6a3b9c1d00", controller: true)
        ])
        #expect(pod.metadata.ownerReferences.first?.isController == true)

        #expect(pod.spec.initContainers.map(\.name) == ["istio-init"])
        #expect(pod.spec.containers.map(\.name) == ["reviews", "istio-proxy"])
        #expect(pod.spec.containers[1].image == "docker.io/istio/proxyv2:1.24.0")
        #expect(pod.spec.containers[0].ports == [ContainerPort(containerPort: 9080)])
        #expect(pod.spec.containers[1].ports == [ContainerPort(name: "http-envoy-prom", containerPort: 15090, protocol: "TCP")])
        #expect(pod.spec.serviceAccountName == "bookinfo-reviews")
        #expect(pod.spec.nodeName == "kind-worker")
        #expect(pod.spec.hostname == "reviews-v2")

        #expect(pod.status.phase == "Running")
        #expect(pod.status.podIP == "10.244.1.17")
        #expect(pod.status.podIPs == ["10.244.1.17", "fd00:10:244:1::11"])
        #expect(pod.status.hostIP == "172.18.0.3")
        #expect(pod.status.reason == nil)
        #expect(pod.status.conditions.count == 3)
        #expect(pod.status.condition("Ready") == "True")
        #expect(pod.status.condition("ContainersReady") == nil)
        #expect(pod.status.containerStatuses.map(\.name) == ["istio-proxy", "reviews"])
        let reviews = pod.status.containerStatuses[1]
        #expect(reviews.ready)
        #expect(reviews.restartCount == 2)
        #expect(reviews.image == "docker.io/istio/examples-bookinfo-reviews-v2:1.20.2")
        #expect(reviews.state == .running(startedAt: "2025-03-04T10:15:35Z"))
    }

    @Test func failingPodStates() throws {
        let pod = try decode(Pod.self, #"""
            {"metadata": {"name": "web-0", "namespace": "shop", "deletionTimestamp": "2025-03-05T08:00:00Z",
                          "finalizers": ["example.com/cleanup"]},
             "spec": {"containers": [{"name": "web", "image": "web:1"}, {"name": "job", "image": "job:1"},
                                     {"name": "idle"}]},
             "status": {"phase": "Running", "reason": "Terminating", "message": "deleting",
                        "containerStatuses": [
                          {"name": "web", "ready": false, "restartCount": 7,
                           "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}}},
                          {"name": "job", "ready": false, "restartCount": 0,
                           "state": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "x"}}},
                          {"name": "idle", "state": {}}
                        ]}}
            """#)
        #expect(pod.metadata.deletionTimestamp == "2025-03-05T08:00:00Z")
        #expect(pod.metadata.finalizers == ["example.com/cleanup"])
        #expect(pod.status.reason == "Terminating")
        #expect(pod.status.message == "deleting")
        let states = pod.status.containerStatuses.map(\.state)
        #expect(states == [
            .waiting(reason: "CrashLoopBackOff", message: "back-off 5m0s"),
            .terminated(exitCode: 1, reason: "Error", message: nil),
            .unknown,
        ])
        #expect(states.map { $0?.reason } == ["CrashLoopBackOff", "Error", nil])
        #expect(pod.status.containerStatuses[2].ready == false)
        #expect(pod.status.containerStatuses[2].restartCount == 0)
        #expect(pod.spec.containers[2].image == nil)
        #expect(pod.spec.containers[2].ports.isEmpty)
    }

    @Test func minimalPods() throws {
        let empty = try decode(Pod.self, "{}")
        #expect(empty == Pod())
        #expect(empty.metadata.name == "")
        #expect(empty.metadata.namespace == nil)
        #expect(empty.metadata.labels.isEmpty)
        #expect(empty.spec.containers.isEmpty)
        #expect(empty.status.phase == nil)
        #expect(empty.status.podIPs.isEmpty)

        let pending = try decode(Pod.self, #"""
            {"metadata": {"name": "p", "namespace": "default"}, "spec": {"containers": [{"name": "c"}]},
             "status": {"phase": "Pending"}}
            """#)
        #expect(pending.metadata.name == "p")
        #expect(pending.spec.containers == [Container(name: "c")])
        #expect(pending.spec.nodeName == nil)
        #expect(pending.status.containerStatuses.isEmpty)
    }

    @Test func nullsCountAsMissing() throws {
        let pod = try decode(Pod.self, #"""
            {"metadata": {"name": "n", "labels": null, "annotations": null, "ownerReferences": null},
             "spec": {"containers": null, "initContainers": null, "nodeName": null},
             "status": null}
            """#)
        #expect(pod.metadata.labels.isEmpty)
        #expect(pod.metadata.ownerReferences.isEmpty)
        #expect(pod.spec.containers.isEmpty)
        #expect(pod.status == PodStatus())
    }

    @Test func wrongTypesStillFail() {
        #expect(throws: DecodingError.self) { try decode(Pod.self, #"{"metadata": {"name": 42}}"#) }
        #expect(throws: DecodingError.self) { try decode(Pod.self, #"{"spec": {"containers": {}}}"#) }
    }
}

// MARK: - Services and Endpoints

@Suite struct ServiceModelTests {
    @Test func namedTargetPort() throws {
        let service = try decode(Service.self, #"""
            {
              "apiVersion": "v1", "kind": "Service",
              "metadata": {"name": "reviews", "namespace": "bookinfo", "labels": {"app": "reviews", "service": "reviews"}},
              "spec": {
                "selector": {"app": "reviews"},
                "ports": [
                  {"name": "http", "port": 9080, "targetPort": "http-web", "protocol": "TCP", "appProtocol": "http"},
                  {"name": "grpc-admin", "port": 9090, "targetPort": 9091}
                ],
                "type": "ClusterIP",
                "clusterIP": "10.96.14.2",
                "clusterIPs": ["10.96.14.2", "fd00:10:96::e02"],
                "ipFamilies": ["IPv4", "IPv6"],
                "ipFamilyPolicy": "PreferDualStack",
                "sessionAffinity": "None",
                "internalTrafficPolicy": "Cluster"
              },
              "status": {"loadBalancer": {}}
            }
            """#)
        #expect(service.metadata.name == "reviews")
        #expect(service.spec.selector == ["app": "reviews"])
        #expect(service.spec.type == "ClusterIP")
        #expect(service.spec.clusterIP == "10.96.14.2")
        #expect(service.spec.clusterIPs == ["10.96.14.2", "fd00:10:96::e02"])
        #expect(service.spec.ipFamilies == ["IPv4", "IPv6"])
        #expect(service.spec.externalName == nil)
        #expect(service.spec.ports == [
            ServicePort(name: "http", port: 9080, targetPort: "http-web", protocol: "TCP", appProtocol: "http"),
            ServicePort(name: "grpc-admin", port: 9090, targetPort: 9091),
        ])
        #expect(service.spec.ports[0].targetPort == .string("http-web"))
        #expect(service.spec.ports[0].targetPort?.stringValue == "http-web")
        #expect(service.spec.ports[1].targetPort?.intValue == 9091)
        #expect(service.spec.ports[1].protocol == "TCP")
    }

    @Test func nodePortHeadlessAndExternalName() throws {
        let nodePort = try decode(Service.self, #"""
            {"metadata": {"name": "istio-ingressgateway", "namespace": "istio-system"},
             "spec": {"type": "LoadBalancer", "selector": {"istio": "ingressgateway"},
                      "ports": [{"name": "http2", "port": 80, "targetPort": 8080, "nodePort": 31380, "protocol": "TCP"},
                                {"name": "dns", "port": 53, "protocol": "UDP"}]}}
            """#)
        #expect(nodePort.spec.type == "LoadBalancer")
        #expect(nodePort.spec.ports[0].nodePort == 31380)
        #expect(nodePort.spec.ports[1].targetPort == nil)
        #expect(nodePort.spec.ports[1].protocol == "UDP")

        let headless = try decode(Service.self, #"{"metadata": {"name": "db"}, "spec": {"clusterIP": "None", "ports": [{"port": 5432}]}}"#)
        #expect(headless.spec.clusterIP == "None")
        #expect(headless.spec.type == "ClusterIP")
        #expect(headless.spec.selector.isEmpty)
        #expect(headless.spec.ports == [ServicePort(port: 5432)])

        let external = try decode(Service.self, #"{"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}}"#)
        #expect(external.spec.externalName == "db.example.com")
        #expect(external.spec.ports.isEmpty)

        #expect(try decode(Service.self, "{}") == Service())
    }

    @Test func endpoints() throws {
        let endpoints = try decode(Endpoints.self, #"""
            {
              "apiVersion": "v1", "kind": "Endpoints",
              "metadata": {"name": "reviews", "namespace": "bookinfo",
                           "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": "2025-03-04T10:16:00Z"}},
              "subsets": [{
                "addresses": [
                  {"ip": "10.244.1.17", "nodeName": "kind-worker",
                   "targetRef": {"kind": "Pod", "namespace": "bookinfo", "name": "reviews-v2-5b667bcbf8-x7k2p", "uid": "6f1c"}},
                  {"ip": "10.244.2.9", "hostname": "reviews-1"}
                ],
                "notReadyAddresses": [
                  {"ip": "10.244.2.4", "nodeName": "kind-worker2",
                   "targetRef": {"kind": "Pod", "namespace": "bookinfo", "name": "reviews-v3-x", "resourceVersion": "9"}}
                ],
                "ports": [{"name": "http", "port": 9080, "protocol": "TCP", "appProtocol": "http"}]
              }]
            }
            """#)
        #expect(endpoints.subsets.count == 1)
        let subset = endpoints.subsets[0]
        #expect(subset.addresses.map(\.ip) == ["10.244.1.17", "10.244.2.9"])
        #expect(subset.addresses[0].nodeName == "kind-worker")
        let podRef = ObjectReference(kind: "Pod", namespace: "bookinfo", name: "reviews-v2-5b667bcbf8-x7k2p", uid: "6f1c")
        #expect(subset.addresses[0].targetRef == podRef)
        #expect(subset.addresses[1].hostname == "reviews-1")
        #expect(subset.addresses[1].targetRef == nil)
        #expect(subset.notReadyAddresses.map { $0.targetRef?.name } == ["reviews-v3-x"])
        #expect(subset.ports == [EndpointPort(name: "http", port: 9080, protocol: "TCP", appProtocol: "http")])

        let empty = try decode(Endpoints.self, #"{"metadata": {"name": "idle", "namespace": "x"}}"#)
        #expect(empty.subsets.isEmpty)
        let bare = try decode(Endpoints.self, #"{"subsets": [{"ports": [{"port": 80}]}]}"#)
        #expect(bare.subsets[0].addresses.isEmpty)
        #expect(bare.subsets[0].ports[0].protocol == "TCP")
    }
}

// MARK: - Workloads

@Suite struct WorkloadModelTests {
    @Test func deploymentWithMatchExpressions() throws {
        let deployment = try decode(Deployment.self, deploymentJSON)
        #expect(deployment.metadata.generation == 3)
        #expect(deployment.spec.replicas == 3)
        #expect(deployment.spec.selector.matchLabels == ["app": "reviews"])
        #expect(deployment.spec.selector.matchExpressions == [
            LabelSelectorRequirement(key: "version", operator: "In", values: ["v2", "v2-canary"]),
            LabelSelectorRequirement(key: "legacy", operator: "DoesNotExist"),
        ])
        #expect(deployment.spec.template.metadata.labels == ["app": "reviews", "version": "v2"])
        #expect(deployment.spec.template.metadata.annotations["sidecar.istio.io/inject"] == "true")
        #expect(deployment.spec.template.spec.serviceAccountName == "bookinfo-reviews")
        #expect(deployment.spec.template.spec.containers.map(\.name) == ["reviews"])

        #expect(deployment.status.observedGeneration == 3)
        #expect(deployment.status.replicas == 3)
        #expect(deployment.status.updatedReplicas == 3)
        #expect(deployment.status.readyReplicas == 2)
        #expect(deployment.status.availableReplicas == 2)
        #expect(deployment.status.unavailableReplicas == 1)
        #expect(deployment.status.conditions.map(\.type) == ["Available", "Progressing"])
        #expect(deployment.status.conditions[0].reason == "MinimumReplicasUnavailable")
        #expect(deployment.status.conditions[0].message == "Deployment does not have minimum availability.")
        #expect(deployment.status.conditions[0].lastTransitionTime == "2025-03-04T10:16:00Z")
        #expect(deployment.status.conditions[1].message == nil)

        let selector = deployment.spec.selector
        #expect(selector.matches(["app": "reviews", "version": "v2"]))
        #expect(selector.matches(["app": "reviews", "version": "v2-canary", "extra": "x"]))
        #expect(!selector.matches(["app": "reviews", "version": "v1"]))
        #expect(!selector.matches(["app": "reviews", "version": "v2", "legacy": "yes"]))
        #expect(!selector.matches(["version": "v2"]))
    }

    @Test func minimalDeploymentUsesDefaults() throws {
        let scaledDown = try decode(
            Deployment.self, #"{"metadata": {"name": "d"}, "spec": {"replicas": 0, "selector": {"matchLabels": {"a": "b"}}}}"#)
        #expect(scaledDown.spec.replicas == 0)
        #expect(scaledDown.status == DeploymentStatus())

        let bare = try decode(Deployment.self, #"{"metadata": {"name": "d"}, "spec": {}, "status": {}}"#)
        #expect(bare.spec.replicas == 1)
        #expect(bare.spec.selector.isEmpty)
        #expect(bare.spec.template == PodTemplateSpec())
        #expect(bare.status.observedGeneration == nil)
        #expect(bare.status.readyReplicas == 0)
        #expect(bare.status.conditions.isEmpty)
        #expect(try decode(Deployment.self, "{}") == Deployment())
    }

    @Test func replicaSetOwnedByDeployment() throws {
        let replicaSet = try decode(ReplicaSet.self, #"""
            {"apiVersion": "apps/v1", "kind": "ReplicaSet",
             "metadata": {"name": "reviews-v2-5b667bcbf8", "namespace": "bookinfo", "generation": 2,
                          "labels": {"app": "reviews", "pod-template-hash": "5b667bcbf8"},
                          "annotations": {"deployment.kubernetes.io/desired-replicas": "3"},
                          "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "reviews-v2",
                                               "uid": "d-1", "controller": true, "blockOwnerDeletion": true}]},
             "spec": {"replicas": 3,
                      "selector": {"matchLabels": {"app": "reviews", "pod-template-hash": "5b667bcbf8"}},
                      "template": {"metadata": {"labels": {"app": "reviews", "pod-template-hash": "5b667bcbf8"}},
                                   "spec": {"containers": [{"name": "reviews", "image": "reviews:2"}]}}},
             "status": {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                        "observedGeneration": 2}}
            """#)
        #expect(replicaSet.metadata.ownerReferences.first { $0.isController }?.name == "reviews-v2")
        #expect(replicaSet.spec.replicas == 3)
        #expect(replicaSet.spec.selector.matches(["app": "reviews", "pod-template-hash": "5b667bcbf8"]))
        #expect(replicaSet.status == ReplicaSetStatus(observedGeneration: 2, replicas: 3, fullyLabeledReplicas: 3,
                                                      readyReplicas: 3, availableReplicas: 3))

        let old = try decode(
            ReplicaSet.self, #"{"metadata": {"name": "old"}, "spec": {"replicas": 0}, "status": {"replicas": 0, "observedGeneration": 4}}"#)
        #expect(old.spec.replicas == 0)
        #expect(old.status.replicas == 0)
        #expect(old.status.observedGeneration == 4)
    }

    @Test func statefulSet() throws {
        let statefulSet = try decode(StatefulSet.self, #"""
            {"apiVersion": "apps/v1", "kind": "StatefulSet",
             "metadata": {"name": "mongodb", "namespace": "bookinfo", "generation": 1},
             "spec": {"serviceName": "mongodb", "replicas": 2, "podManagementPolicy": "OrderedReady",
                      "selector": {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]},
                      "template": {"metadata": {"labels": {"app": "mongodb"}},
                                   "spec": {"containers": [{"name": "mongodb", "image": "mongo:7",
                                                            "ports": [{"name": "tcp-mongo", "containerPort": 27017}]}]}},
                      "volumeClaimTemplates": [{"metadata": {"name": "data"}}]},
             "status": {"observedGeneration": 1, "replicas": 2, "readyReplicas": 1, "currentReplicas": 2,
                        "updatedReplicas": 2, "availableReplicas": 1, "currentRevision": "mongodb-7d9", "collisionCount": 0}}
            """#)
        #expect(statefulSet.spec.replicas == 2)
        #expect(statefulSet.spec.selector.matches(["app": "mongodb"]))
        #expect(statefulSet.spec.selector.matches([:]))
        #expect(!statefulSet.spec.selector.matches(["app": "web"]))
        #expect(statefulSet.spec.template.spec.containers[0].ports[0].name == "tcp-mongo")
        #expect(statefulSet.status == StatefulSetStatus(observedGeneration: 1, replicas: 2, readyReplicas: 1,
                                                        currentReplicas: 2, updatedReplicas: 2, availableReplicas: 1))
        #expect(try decode(StatefulSet.self, #"{"metadata": {"name": "s"}}"#).spec.replicas == 1)
    }

    @Test func daemonSet() throws {
        let daemonSet = try decode(DaemonSet.self, #"""
            {"apiVersion": "apps/v1", "kind": "DaemonSet",
             "metadata": {"name": "ztunnel", "namespace": "istio-system", "generation": 1,
                          "labels": {"app": "ztunnel"}},
             "spec": {"selector": {"matchLabels": {"app": "ztunnel"}},
                      "template": {"metadata": {"labels": {"app": "ztunnel", "sidecar.istio.io/inject": "false"}},
                                   "spec": {"serviceAccountName": "ztunnel",
                                            "containers": [{"name": "istio-proxy", "image": "istio/ztunnel:1.24.0",
                                                            "ports": [{"name": "ztunnel-stats", "containerPort": 15020}]}]}},
                      "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}},
             "status": {"currentNumberScheduled": 3, "numberMisscheduled": 0, "desiredNumberScheduled": 3,
                        "numberReady": 2, "observedGeneration": 1, "updatedNumberScheduled": 3,
                        "numberAvailable": 2, "numberUnavailable": 1}}
            """#)
        #expect(daemonSet.spec.selector.matchLabels == ["app": "ztunnel"])
        #expect(daemonSet.spec.template.spec.serviceAccountName == "ztunnel")
        #expect(daemonSet.status == DaemonSetStatus(observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3,
                                                    numberMisscheduled: 0, numberReady: 2, numberAvailable: 2,
                                                    numberUnavailable: 1, updatedNumberScheduled: 3))
        let fresh = try decode(DaemonSet.self, #"{"metadata": {"name": "d"}, "status": {"desiredNumberScheduled": 0}}"#)
        #expect(fresh.status == DaemonSetStatus())
    }
}

// MARK: - ConfigMaps and Namespaces

@Suite struct ConfigAndNamespaceModelTests {
    @Test func istioConfigMap() throws {
        let configMap = try decode(ConfigMap.self, #"""
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "istio", "namespace": "istio-system", "labels": {"istio.io/rev": "default"}},
             "data": {"mesh": "accessLogFile: /dev/stdout\ndefaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n",
                      "meshNetworks": "networks: {}"},
             "binaryData": {"logo.png": "iVBORw0KGgo="}}
            """#)
        #expect(configMap.data["mesh"]?.hasPrefix("accessLogFile: /dev/stdout\n") == true)
        #expect(configMap.data["meshNetworks"] == "networks: {}")
        #expect(configMap.binaryData == ["logo.png": "iVBORw0KGgo="])
        #expect(Data(base64Encoded: configMap.binaryData["logo.png"] ?? "")?.first == 0x89)

        let empty = try decode(ConfigMap.self, #"{"metadata": {"name": "empty", "namespace": "x"}}"#)
        #expect(empty.data.isEmpty)
        #expect(empty.binaryData.isEmpty)
    }

    @Test func namespaces() throws {
        let namespace = try decode(Namespace.self, #"""
            {"apiVersion": "v1", "kind": "Namespace",
             "metadata": {"name": "bookinfo", "uid": "ns-1", "resourceVersion": "512",
                          "creationTimestamp": "2025-03-04T09:00:00Z",
                          "labels": {"istio-injection": "enabled", "kubernetes.io/metadata.name": "bookinfo"}},
             "spec": {"finalizers": ["kubernetes"]},
             "status": {"phase": "Active"}}
            """#)
        #expect(namespace.metadata.name == "bookinfo")
        #expect(namespace.metadata.namespace == nil)
        #expect(namespace.metadata.labels["istio-injection"] == "enabled")
        #expect(namespace.status.phase == "Active")

        let terminating = try decode(
            Namespace.self,
            #"{"metadata": {"name": "old", "deletionTimestamp": "2025-03-05T00:00:00Z"}, "status": {"phase": "Terminating"}}"#
        )
        #expect(terminating.status.phase == "Terminating")
        #expect(try decode(Namespace.self, #"{"metadata": {"name": "n"}}"#).status.phase == nil)
    }
}

// MARK: - Lists

@Suite struct ListModelTests {
    @Test func pagedPodList() throws {
        let list = try decode(ObjectList<Pod>.self, """
            {"apiVersion": "v1", "kind": "PodList",
             "metadata": {"resourceVersion": "184470", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTg0NDcwfQ",
                          "remainingItemCount": 41},
             "items": [\(sidecarPod), {"metadata": {"name": "second", "namespace": "bookinfo"}}]}
            """)
        #expect(list.metadata.resourceVersion == "184470")
        #expect(list.metadata.continue == "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTg0NDcwfQ")
        #expect(list.metadata.remainingItemCount == 41)
        #expect(list.metadata.hasMore)
        #expect(list.items.map(\.metadata.name) == ["reviews-v2-5b667bcbf8-x7k2p", "second"])
        #expect(list.items[0].spec.containers.count == 2)
    }

    @Test func lastPagesAndEmptyLists() throws {
        let last = try decode(ObjectList<Deployment>.self, """
            {"apiVersion": "apps/v1", "kind": "DeploymentList", "metadata": {"resourceVersion": "9", "continue": ""},
             "items": [\(deploymentJSON)]}
            """)
        #expect(!last.metadata.hasMore)
        #expect(last.items.first?.spec.replicas == 3)

        let nullItems = try decode(ObjectList<Service>.self, #"{"kind": "ServiceList", "metadata": {"resourceVersion": "10"}, "items": null}"#)
        #expect(nullItems.items.isEmpty)
        #expect(nullItems.metadata.continue == nil)
        #expect(!nullItems.metadata.hasMore)

        let bare = try decode(ObjectList<Namespace>.self, "{}")
        #expect(bare == ObjectList<Namespace>())
        #expect(bare.metadata == ListMeta())
    }

    @Test func listOfEveryKind() throws {
        let body = #"{"metadata": {"resourceVersion": "1"}, "items": [{"metadata": {"name": "a", "namespace": "n"}}]}"#
        #expect(try decode(ObjectList<Endpoints>.self, body).items[0].metadata.name == "a")
        #expect(try decode(ObjectList<ReplicaSet>.self, body).items[0].spec.replicas == 1)
        #expect(try decode(ObjectList<StatefulSet>.self, body).items.count == 1)
        #expect(try decode(ObjectList<DaemonSet>.self, body).items.count == 1)
        #expect(try decode(ObjectList<ConfigMap>.self, body).items[0].data.isEmpty)
        #expect(try decode(ObjectList<UnstructuredListProbe>.self, body).items[0].metadata.namespace == "n")
    }
}

/// A throwaway kind, to show that `ObjectList` works for any `KubeObject`.
private struct UnstructuredListProbe: NamespacedResource, ListableResource {
    static let group = "example.com"
    static let version = "v1alpha1"
    static let kind = "Probe"
    static let resource = "probes"
    var metadata: ObjectMeta
}

// MARK: - Kind metadata and marker protocols

@Suite struct KindMetadataTests {
    /// The collection path of a namespaced, listable kind; only compiles for such kinds.
    private func listPath<K: NamespacedResource & ListableResource>(_ kind: K.Type, namespace: String) -> String {
        "\(K.groupVersionResource.apiPath)/namespaces/\(namespace)/\(K.resource)"
    }

    /// The collection path of a cluster-scoped, listable kind; only compiles for such kinds.
    private func clusterListPath<K: ClusterScopedResource & ListableResource>(_ kind: K.Type) -> String {
        "\(K.groupVersionResource.apiPath)/\(K.resource)"
    }

    @Test func staticTypeInformation() {
        #expect(Pod.apiVersion == "v1")
        #expect(Service.apiVersion == "v1")
        #expect(Endpoints.resource == "endpoints")
        #expect(ConfigMap.resource == "configmaps")
        #expect(Deployment.apiVersion == "apps/v1")
        #expect(ReplicaSet.kind == "ReplicaSet")
        #expect(StatefulSet.resource == "statefulsets")
        #expect(DaemonSet.groupVersionResource == GroupVersionResource(group: "apps", version: "v1", resource: "daemonsets"))
        #expect(Namespace.kind == "Namespace")
        #expect(UnstructuredListProbe.apiVersion == "example.com/v1alpha1")

        #expect(listPath(Pod.self, namespace: "bookinfo") == "/api/v1/namespaces/bookinfo/pods")
        #expect(listPath(Deployment.self, namespace: "bookinfo") == "/apis/apps/v1/namespaces/bookinfo/deployments")
        #expect(clusterListPath(Namespace.self) == "/api/v1/namespaces")
    }

    @Test func groupVersionResource() {
        let virtualServices = GroupVersionResource(apiVersion: "networking.istio.io/v1", resource: "virtualservices")
        #expect(virtualServices.group == "networking.istio.io")
        #expect(virtualServices.version == "v1")
        #expect(virtualServices.apiVersion == "networking.istio.io/v1")
        #expect(virtualServices.apiPath == "/apis/networking.istio.io/v1")
        #expect(virtualServices.description == "virtualservices.v1.networking.istio.io")

        let pods = GroupVersionResource(apiVersion: "v1", resource: "pods")
        #expect(pods.group.isEmpty)
        #expect(pods.apiVersion == "v1")
        #expect(pods.apiPath == "/api/v1")
        #expect(pods.description == "pods.v1")
    }
}

// MARK: - Unstructured objects

@Suite struct UnstructuredModelTests {
    private let virtualService = #"""
        {
          "apiVersion": "networking.istio.io/v1",
          "kind": "VirtualService",
          "metadata": {"name": "reviews", "namespace": "bookinfo", "resourceVersion": "200", "generation": 4,
                       "labels": {"kiali_wizard": "request_routing"}},
          "spec": {
            "hosts": ["reviews.bookinfo.svc.cluster.local"],
            "http": [{"route": [{"destination": {"host": "reviews", "subset": "v1"}, "weight": 80},
                                {"destination": {"host": "reviews", "subset": "v2"}, "weight": 20}]}]
          },
          "status": {"observedGeneration": 4, "validationMessages": [{"type": {"code": "IST0101"}}]}
        }
        """#

    @Test func decodesIstioObject() throws {
        let object = try decode(UnstructuredObject.self, virtualService)
        #expect(object.apiVersion == "networking.istio.io/v1")
        #expect(object.group == "networking.istio.io")
        #expect(object.version == "v1")
        #expect(object.kind == "VirtualService")
        #expect(object.metadata.name == "reviews")
        #expect(object.metadata.generation == 4)
        #expect(object.metadata.labels["kiali_wizard"] == "request_routing")
        #expect(object.spec?["hosts"] == ["reviews.bookinfo.svc.cluster.local"])
        #expect(object.spec?["http"]?.arrayValue?.first?[path: ["route"]]?.arrayValue?.count == 2)
        #expect(object.status?["observedGeneration"] == 4)
        #expect(object.raw["metadata"]?["name"] == "reviews")
        #expect(object.raw == (try JSONParser.parse(virtualService)))
    }

    @Test func wrapsParsedValueLikeDecoding() throws {
        let parsed = UnstructuredObject(try JSONParser.parse(virtualService))
        #expect(parsed == (try decode(UnstructuredObject.self, virtualService)))
    }

    @Test func gatewayAPIRouteAndMinimalObjects() throws {
        let route = try decode(UnstructuredObject.self, #"""
            {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
             "metadata": {"name": "bookinfo", "namespace": "bookinfo"},
             "spec": {"parentRefs": [{"name": "bookinfo-gateway"}],
                      "rules": [{"matches": [{"path": {"type": "Exact", "value": "/productpage"}}],
                                 "backendRefs": [{"name": "productpage", "port": 9080}]}]}}
            """#)
        #expect(route.group == "gateway.networking.k8s.io")
        #expect(route.spec?[path: ["parentRefs"]]?.arrayValue?.first?["name"] == "bookinfo-gateway")
        #expect(route.status == nil)

        let minimal = try decode(UnstructuredObject.self, #"{"kind": "Sidecar"}"#)
        #expect(minimal.apiVersion == "")
        #expect(minimal.group == "")
        #expect(minimal.metadata == ObjectMeta())
        #expect(minimal.spec == nil)

        let fromEmpty = UnstructuredObject([:])
        #expect(fromEmpty.kind == "")
        #expect(fromEmpty.metadata.name == "")

        let list = try decode([UnstructuredObject].self, "[\(virtualService), {\"kind\": \"Gateway\"}]")
        #expect(list.map(\.kind) == ["VirtualService", "Gateway"])
    }
}

// MARK: - Metadata, IntOrString and selectors

@Suite struct SupportTypeTests {
    @Test func metadataEncodingOmitsEmptyFields() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let minimal = String(decoding: try encoder.encode(ObjectMeta(name: "a", namespace: "n")), as: UTF8.self)
        #expect(minimal == #"{"name":"a","namespace":"n"}"#)

        let full = ObjectMeta(
            name: "a", namespace: "n", uid: "u", resourceVersion: "1", generation: 2,
            creationTimestamp: "2025-01-01T00:00:00Z", deletionTimestamp: nil, labels: ["k": "v"], annotations: ["x": "y"],
            ownerReferences: [OwnerReference(apiVersion: "v1", kind: "K", name: "o", uid: "ou")], finalizers: ["f"]
        )
        let roundTripped = try JSONDecoder().decode(ObjectMeta.self, from: encoder.encode(full))
        #expect(roundTripped == full)
    }

    @Test func metadataFromParsedJSONMatchesDecoding() throws {
        let text = #"""
            {"name": "x", "namespace": "n", "uid": "u", "resourceVersion": "7", "generation": 3,
             "creationTimestamp": "2025-01-01T00:00:00Z", "deletionTimestamp": "2025-01-02T00:00:00Z",
             "labels": {"a": "1"}, "annotations": {"b": "2"}, "finalizers": ["f1", "f2"],
             "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "r", "uid": "ru", "controller": true}],
             "managedFields": [{"manager": "kubectl"}]}
            """#
        let decoded = try decode(ObjectMeta.self, text)
        #expect(ObjectMeta(json: try JSONParser.parse(text)) == decoded)
        #expect(ObjectMeta(json: .null) == ObjectMeta())
        #expect(ObjectMeta(json: ["name": 5, "labels": ["ok": "v", "bad": 1]]) == ObjectMeta(labels: ["ok": "v"]))
    }

    @Test func intOrString() throws {
        #expect(try decode([IntOrString].self, #"[8080, "http", "25%"]"#) == [.int(8080), .string("http"), .string("25%")])
        #expect(IntOrString.int(80).description == "80")
        #expect(IntOrString.string("http").description == "http")
        #expect(IntOrString.int(80).stringValue == nil)
        let encoded = String(decoding: try JSONEncoder().encode([IntOrString.int(1), "a"]), as: UTF8.self)
        #expect(encoded == #"[1,"a"]"#)
        #expect(throws: DecodingError.self) { try decode(IntOrString.self, "true") }
    }

    @Test func labelSelectorOperators() throws {
        let selector = try decode(LabelSelector.self, #"""
            {"matchExpressions": [
              {"key": "tier", "operator": "In", "values": ["web", "api"]},
              {"key": "env", "operator": "NotIn", "values": ["prod"]},
              {"key": "app", "operator": "Exists"}
            ]}
            """#)
        #expect(selector.matchLabels.isEmpty)
        #expect(selector.matches(["tier": "web", "app": "x"]))
        #expect(selector.matches(["tier": "api", "app": "x", "env": "dev"]))
        #expect(!selector.matches(["tier": "api", "app": "x", "env": "prod"]))
        #expect(!selector.matches(["tier": "db", "app": "x"]))
        #expect(!selector.matches(["tier": "web"]))
        #expect(LabelSelector().matches(["any": "thing"]))
        #expect(LabelSelector().isEmpty)
        #expect(!LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: "Gt", values: ["1"])]).matches(["a": "2"]))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = String(decoding: try encoder.encode(LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "app", operator: "Exists")
        ])), as: UTF8.self)
        #expect(encoded == #"{"matchExpressions":[{"key":"app","operator":"Exists"}]}"#)
    }
}
