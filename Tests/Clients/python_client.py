"""Drives a simulated cluster with the official Kubernetes Python client (a conformant client nobody here wrote).

Usage: python_client.py KUBECONFIG CONTEXT. Prints one line per check; exits non-zero on the first failure.
"""
import sys
import threading

from kubernetes import client, config, watch

config.load_kube_config(config_file=sys.argv[1], context=sys.argv[2])
v1 = client.CoreV1Api()
apps = client.AppsV1Api()

names = sorted(ns.metadata.name for ns in v1.list_namespace().items)
assert "default" in names and "kube-system" in names, names
print("namespaces", ",".join(names))

cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="from-python", labels={"client": "python"}), data={"k": "v"})
v1.create_namespaced_config_map("default", cm)
got = v1.read_namespaced_config_map("from-python", "default")
assert got.data["k"] == "v"
print("read", got.data["k"])

page = v1.list_namespaced_config_map("default", label_selector="client=python", limit=1)
assert len(page.items) == 1
print("list", len(page.items))

w = watch.Watch()
threading.Timer(0.5, lambda: v1.patch_namespaced_config_map("from-python", "default", {"data": {"k": "w"}})).start()
seen = []
for event in w.stream(v1.list_namespaced_config_map, "default", field_selector="metadata.name=from-python",
                      resource_version=page.metadata.resource_version, timeout_seconds=20):
    seen.append(event["type"])
    if event["type"] == "MODIFIED":
        assert event["object"].data["k"] == "w"
        w.stop()
assert seen == ["MODIFIED"], seen
print("watch", ",".join(seen))

deployment = {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "py"},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "py"}},
             "template": {"metadata": {"labels": {"app": "py"}}, "spec": {"containers": [{"name": "c", "image": "i:1"}]}}},
}
apps.create_namespaced_deployment("default", deployment)
print("deployment created")

try:
    v1.read_namespaced_config_map("nope", "default")
    raise SystemExit("expected a 404")
except client.exceptions.ApiException as e:
    assert e.status == 404, e.status
    print("error", e.status)
print("ok")
