import SkoposModel
import Testing
@testable import KubeSim
import KubeTypes

/// RBAC objects in their real `rbac.authorization.k8s.io/v1` shapes.
enum RBACFixtures {
    static func rule(_ verbs: [String], groups: [String] = [], resources: [String] = [], names: [String] = [],
                     urls: [String] = []) -> JSONValue {
        var object: [String: JSONValue] = ["verbs": .array(verbs.map { .string($0) })]
        if !groups.isEmpty { object["apiGroups"] = .array(groups.map { .string($0) }) }
        if !resources.isEmpty { object["resources"] = .array(resources.map { .string($0) }) }
        if !names.isEmpty { object["resourceNames"] = .array(names.map { .string($0) }) }
        if !urls.isEmpty { object["nonResourceURLs"] = .array(urls.map { .string($0) }) }
        return .object(object)
    }

    static func clusterRole(_ name: String, _ rules: [JSONValue]) -> JSONValue {
        ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": .string(name)],
         "rules": .array(rules)]
    }

    static func role(_ namespace: String, _ name: String, _ rules: [JSONValue]) -> JSONValue {
        ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
         "metadata": ["name": .string(name), "namespace": .string(namespace)], "rules": .array(rules)]
    }

    static func subject(_ kind: String, _ name: String, namespace: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["kind": .string(kind), "name": .string(name)]
        if kind != "ServiceAccount" { object["apiGroup"] = "rbac.authorization.k8s.io" }
        if let namespace { object["namespace"] = .string(namespace) }
        return .object(object)
    }

    static func roleRef(_ kind: String, _ name: String) -> JSONValue {
        ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(kind), "name": .string(name)]
    }

    static func clusterRoleBinding(_ name: String, role: String, _ subjects: [JSONValue]) -> JSONValue {
        ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": .string(name)],
         "roleRef": roleRef("ClusterRole", role), "subjects": .array(subjects)]
    }

    static func roleBinding(_ namespace: String, _ name: String, kind: String, role: String, _ subjects: [JSONValue]) -> JSONValue {
        ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": ["name": .string(name), "namespace": .string(namespace)],
         "roleRef": roleRef(kind, role), "subjects": .array(subjects)]
    }

    static let evaluator = RBACEvaluator(
        roles: [
            role("dev", "cm-one", [rule(["get", "update"], groups: [""], resources: ["configmaps"], names: ["app-config"])]),
            role("dev", "scale", [rule(["update"], groups: ["apps"], resources: ["deployments/scale"])]),
        ],
        clusterRoles: [
            clusterRole("pod-reader", [rule(["get", "list", "watch"], groups: [""], resources: ["pods", "pods/log"])]),
            clusterRole("cluster-admin", [rule(["*"], groups: ["*"], resources: ["*"]), rule(["*"], urls: ["*"])]),
            clusterRole("healthz", [rule(["get"], urls: ["/healthz", "/healthz/*", "/api*"])]),
            clusterRole("status-updater", [rule(["update", "patch"], groups: ["*"], resources: ["*/status"])]),
            clusterRole("deploy-editor", [rule(["*"], groups: ["apps"], resources: ["deployments"])]),
        ],
        roleBindings: [
            roleBinding("dev", "bob-pods", kind: "ClusterRole", role: "pod-reader", [subject("User", "bob")]),
            roleBinding("dev", "bob-cm", kind: "Role", role: "cm-one", [subject("User", "bob")]),
            roleBinding("dev", "sa-scale", kind: "Role", role: "scale", [subject("ServiceAccount", "builder")]),
            roleBinding("dev", "group-deploy", kind: "ClusterRole", role: "deploy-editor",
                        [subject("Group", "system:serviceaccounts:dev")]),
            roleBinding("dev", "dangling", kind: "Role", role: "nope", [subject("User", "dave")]),
            roleBinding("dev", "frank-health", kind: "ClusterRole", role: "healthz", [subject("User", "frank")]),
            roleBinding("prod", "prod-cm", kind: "Role", role: "cm-one", [subject("User", "bob")]),
        ],
        clusterRoleBindings: [
            clusterRoleBinding("admins", role: "cluster-admin", [subject("Group", "ops")]),
            clusterRoleBinding("readers", role: "pod-reader", [subject("User", "nobody"), subject("User", "alice")]),
            clusterRoleBinding("health", role: "healthz", [subject("Group", "system:authenticated")]),
            clusterRoleBinding("status", role: "status-updater",
                               [subject("ServiceAccount", "ctrl", namespace: "kube-system")]),
            clusterRoleBinding("broken", role: "missing", [subject("User", "carol")]),
            clusterRoleBinding("broken2", role: "missing2", [subject("User", "carol")]),
            clusterRoleBinding("sa-without-namespace", role: "cluster-admin", [subject("ServiceAccount", "ghost")]),
        ]
    )
}

@Suite struct RBACEvaluatorTests {
    let rbac = RBACFixtures.evaluator
    let alice = UserInfo(name: "alice", groups: ["system:authenticated"])
    let bob = UserInfo(name: "bob", groups: ["system:authenticated"])

    func allowed(_ user: UserInfo, _ verb: String, _ resource: String, group: String = "", subresource: String = "",
                 namespace: String = "", name: String = "") -> Bool {
        let attributes = RequestAttributes.resource(
            verb: verb, group: group, resource: resource, subresource: subresource, namespace: namespace, name: name)
        return rbac.authorize(user: user, attributes: attributes).allowed
    }

    func allowedPath(_ user: UserInfo, _ verb: String, _ path: String) -> Bool {
        rbac.authorize(user: user, attributes: .nonResource(verb: verb, path: path)).allowed
    }

    @Test func clusterRoleBindingGrantsEverywhere() {
        #expect(allowed(alice, "list", "pods", namespace: "default"))
        #expect(allowed(alice, "list", "pods", namespace: "dev"))
        #expect(allowed(alice, "list", "pods"))
        #expect(allowed(alice, "watch", "pods", namespace: "kube-system"))
        #expect(allowed(alice, "get", "pods", namespace: "default", name: "web"))
        let decision = rbac.authorize(user: alice, attributes: .resource(verb: "list", resource: "pods", namespace: "default"))
        #expect(decision.reason == "RBAC: allowed by ClusterRoleBinding \"readers\" of ClusterRole \"pod-reader\" to User \"alice\"")
        #expect(decision.statusJSON == ["allowed": true, "reason": .string(decision.reason)])
    }

    @Test func verbsAndGroupsMustMatch() {
        #expect(!allowed(alice, "delete", "pods", namespace: "default", name: "web"))
        #expect(!allowed(alice, "create", "pods", namespace: "default"))
        #expect(!allowed(alice, "list", "pods", group: "apps", namespace: "default"))
        #expect(!allowed(alice, "list", "services", namespace: "default"))
        let denied = rbac.authorize(user: alice, attributes: .resource(verb: "delete", resource: "pods", namespace: "default"))
        #expect(denied == RBACEvaluator.Decision(allowed: false, reason: ""))
        #expect(denied.statusJSON == ["allowed": false])
    }

    @Test func subresourcesMatchExactly() {
        #expect(allowed(alice, "get", "pods", subresource: "log", namespace: "default", name: "web"))
        #expect(!allowed(alice, "get", "pods", subresource: "exec", namespace: "default", name: "web"))
        #expect(!allowed(alice, "create", "pods", subresource: "exec", namespace: "default", name: "web"))
        #expect(!allowed(alice, "get", "pods", subresource: "status", namespace: "default", name: "web"))
    }

    @Test func wildcardSubresourceRules() {
        let ctrl = UserInfo.serviceAccount(namespace: "kube-system", name: "ctrl")
        #expect(allowed(ctrl, "patch", "deployments", group: "apps", subresource: "status", namespace: "dev", name: "web"))
        #expect(allowed(ctrl, "update", "pods", subresource: "status", namespace: "default", name: "p"))
        #expect(allowed(ctrl, "update", "nodes", subresource: "status", name: "node-1"))
        #expect(!allowed(ctrl, "patch", "deployments", group: "apps", namespace: "dev", name: "web"))
        #expect(!allowed(ctrl, "patch", "deployments", group: "apps", subresource: "scale", namespace: "dev", name: "web"))
        #expect(!allowed(ctrl, "get", "pods", subresource: "status", namespace: "default", name: "p"))
        let decision = rbac.authorize(
            user: ctrl,
            attributes: .resource(verb: "patch", group: "apps", resource: "deployments", subresource: "status", namespace: "dev"))
        #expect(decision.reason
            == "RBAC: allowed by ClusterRoleBinding \"status\" of ClusterRole \"status-updater\" to ServiceAccount \"ctrl/kube-system\"")
    }

    @Test func roleBindingGrantsOnlyInItsNamespace() {
        #expect(allowed(bob, "list", "pods", namespace: "dev"))
        #expect(!allowed(bob, "list", "pods", namespace: "default"))
        #expect(!allowed(bob, "list", "pods"))
        let decision = rbac.authorize(user: bob, attributes: .resource(verb: "list", resource: "pods", namespace: "dev"))
        #expect(decision.reason == "RBAC: allowed by RoleBinding \"bob-pods/dev\" of ClusterRole \"pod-reader\" to User \"bob\"")
    }

    @Test func resourceNamesRestrictByName() {
        #expect(allowed(bob, "get", "configmaps", namespace: "dev", name: "app-config"))
        #expect(allowed(bob, "update", "configmaps", namespace: "dev", name: "app-config"))
        #expect(!allowed(bob, "get", "configmaps", namespace: "dev", name: "other"))
        #expect(!allowed(bob, "list", "configmaps", namespace: "dev"))
        #expect(!allowed(bob, "delete", "configmaps", namespace: "dev", name: "app-config"))
        let decision = rbac.authorize(
            user: bob, attributes: .resource(verb: "get", resource: "configmaps", namespace: "dev", name: "app-config"))
        #expect(decision.reason == "RBAC: allowed by RoleBinding \"bob-cm/dev\" of Role \"cm-one\" to User \"bob\"")
    }

    @Test func rolesAreLookedUpInTheBindingNamespace() {
        let decision = rbac.authorize(
            user: bob, attributes: .resource(verb: "get", resource: "configmaps", namespace: "prod", name: "app-config"))
        #expect(!decision.allowed)
        #expect(decision.reason == "RBAC: role.rbac.authorization.k8s.io \"cm-one\" not found")
    }

    @Test func serviceAccountSubjectsDefaultToBindingNamespace() {
        let builder = UserInfo.serviceAccount(namespace: "dev", name: "builder")
        #expect(allowed(builder, "update", "deployments", group: "apps", subresource: "scale", namespace: "dev", name: "web"))
        let decision = rbac.authorize(
            user: builder,
            attributes: .resource(verb: "update", group: "apps", resource: "deployments", subresource: "scale", namespace: "dev"))
        #expect(decision.reason == "RBAC: allowed by RoleBinding \"sa-scale/dev\" of Role \"scale\" to ServiceAccount \"builder/dev\"")
        #expect(!allowed(builder, "update", "deployments", group: "apps", subresource: "scale", namespace: "prod", name: "web"))

        let stranger = UserInfo.serviceAccount(namespace: "prod", name: "builder")
        #expect(!allowed(stranger, "update", "deployments", group: "apps", subresource: "scale", namespace: "dev", name: "web"))
        // A ServiceAccount subject with no namespace in a ClusterRoleBinding matches nobody.
        let ghost = UserInfo(name: "system:serviceaccount::ghost", groups: [])
        #expect(!allowed(ghost, "get", "pods", namespace: "dev"))
    }

    @Test func serviceAccountGroups() {
        let builder = UserInfo.serviceAccount(namespace: "dev", name: "builder")
        #expect(allowed(builder, "delete", "deployments", group: "apps", namespace: "dev", name: "web"))
        #expect(!allowed(builder, "get", "deployments", group: "apps", subresource: "scale", namespace: "dev", name: "web"))
        #expect(!allowed(builder, "delete", "deployments", group: "apps", namespace: "prod", name: "web"))
        let decision = rbac.authorize(
            user: builder, attributes: .resource(verb: "delete", group: "apps", resource: "deployments", namespace: "dev"))
        #expect(decision.reason
            == "RBAC: allowed by RoleBinding \"group-deploy/dev\" of ClusterRole \"deploy-editor\" to Group \"system:serviceaccounts:dev\"")
    }

    @Test func groupWildcardsGrantEverything() {
        let eve = UserInfo(name: "eve", groups: ["ops", "system:authenticated"])
        #expect(allowed(eve, "delete", "namespaces", name: "dev"))
        #expect(allowed(eve, "escalate", "clusterroles", group: "rbac.authorization.k8s.io", name: "x"))
        #expect(allowed(eve, "create", "pods", subresource: "exec", namespace: "dev", name: "p"))
        #expect(allowedPath(eve, "post", "/anything/at/all"))
    }

    @Test func nonResourceURLs() {
        #expect(allowedPath(alice, "get", "/healthz"))
        #expect(allowedPath(alice, "get", "/healthz/ready"))
        #expect(allowedPath(alice, "get", "/api"))
        #expect(allowedPath(alice, "get", "/apis/apps/v1"))
        #expect(!allowedPath(alice, "get", "/healthzfoo"))
        #expect(!allowedPath(alice, "get", "/metrics"))
        #expect(!allowedPath(alice, "post", "/healthz"))
        #expect(!allowedPath(UserInfo(name: "anon", groups: ["system:unauthenticated"]), "get", "/healthz"))
        let decision = rbac.authorize(user: alice, attributes: .nonResource(verb: "get", path: "/healthz/ready"))
        #expect(decision.reason
            == "RBAC: allowed by ClusterRoleBinding \"health\" of ClusterRole \"healthz\" to Group \"system:authenticated\"")
    }

    @Test func nonResourceURLsNeedAClusterRoleBinding() {
        let frank = UserInfo(name: "frank", groups: [])
        #expect(!allowedPath(frank, "get", "/healthz"))
    }

    @Test func nonResourceRulesDoNotGrantResources() {
        #expect(!allowed(alice, "get", "healthz"))
    }

    @Test func systemMastersAlwaysAllowed() {
        let admin = UserInfo(name: "kubernetes-admin", groups: ["system:masters", "system:authenticated"])
        let decision = rbac.authorize(user: admin, attributes: .resource(verb: "delete", resource: "nodes", name: "n1"))
        #expect(decision == RBACEvaluator.Decision(allowed: true, reason: ""))
        #expect(allowedPath(admin, "get", "/metrics"))
        let empty = RBACEvaluator(roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [])
        #expect(empty.authorize(user: admin, attributes: .resource(verb: "list", resource: "secrets")).allowed)
        #expect(!empty.authorize(user: alice, attributes: .resource(verb: "list", resource: "secrets")).allowed)
    }

    @Test func missingRolesAreReported() {
        let carol = UserInfo(name: "carol", groups: [])
        let decision = rbac.authorize(user: carol, attributes: .resource(verb: "get", resource: "pods", namespace: "dev"))
        #expect(!decision.allowed)
        #expect(decision.reason == "RBAC: [clusterrole.rbac.authorization.k8s.io \"missing\" not found, "
            + "clusterrole.rbac.authorization.k8s.io \"missing2\" not found]")

        let dave = UserInfo(name: "dave", groups: [])
        let inDev = rbac.authorize(user: dave, attributes: .resource(verb: "get", resource: "pods", namespace: "dev"))
        #expect(inDev.reason == "RBAC: role.rbac.authorization.k8s.io \"nope\" not found")
        let inDefault = rbac.authorize(user: dave, attributes: .resource(verb: "get", resource: "pods", namespace: "default"))
        #expect(inDefault.reason == "")
    }

    @Test func unsupportedRoleRefKind() {
        let binding: JSONValue = [
            "metadata": ["name": "odd"], "roleRef": RBACFixtures.roleRef("Thing", "x"),
            "subjects": [RBACFixtures.subject("User", "zed")],
        ]
        let evaluator = RBACEvaluator(roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [binding])
        let decision = evaluator.authorize(user: UserInfo(name: "zed", groups: []), attributes: .resource(verb: "get", resource: "pods"))
        #expect(decision.reason == "RBAC: unsupported role reference kind: \"Thing\"")
    }

    @Test func rulesReviewForNamespace() {
        let review = rbac.rules(for: bob, namespace: "dev")
        #expect(review.resourceRules == [
            RBACEvaluator.PolicyRule(verbs: ["get", "update"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["app-config"]),
            RBACEvaluator.PolicyRule(verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"]),
        ])
        #expect(review.nonResourceRules == [RBACEvaluator.PolicyRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/healthz/*", "/api*"])])
        #expect(review.evaluationError == "")
        #expect(!review.incomplete)

        let status = review.statusJSON
        #expect(status["incomplete"] == false)
        #expect(status["evaluationError"] == nil)
        #expect(status["resourceRules"]?.arrayValue?.first == [
            "verbs": ["get", "update"], "apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["app-config"],
        ])
        #expect(status["nonResourceRules"] == [["verbs": ["get"], "nonResourceURLs": ["/healthz", "/healthz/*", "/api*"]]])
    }

    @Test func rulesReviewScopes() {
        #expect(rbac.rules(for: bob, namespace: "default").resourceRules.isEmpty)
        #expect(rbac.rules(for: alice, namespace: "").resourceRules.count == 1)

        let eve = UserInfo(name: "eve", groups: ["ops"])
        let admin = rbac.rules(for: eve, namespace: "")
        #expect(admin.resourceRules == [RBACEvaluator.PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])])
        #expect(admin.nonResourceRules == [RBACEvaluator.PolicyRule(verbs: ["*"], nonResourceURLs: ["*"])])

        let dave = UserInfo(name: "dave", groups: [])
        let broken = rbac.rules(for: dave, namespace: "dev")
        #expect(broken.evaluationError == "role.rbac.authorization.k8s.io \"nope\" not found")
        #expect(broken.statusJSON["evaluationError"] == "role.rbac.authorization.k8s.io \"nope\" not found")
        #expect(broken.statusJSON["resourceRules"] == [])
    }

    @Test func forbiddenMessages() {
        let getPod = RequestAttributes.resource(verb: "get", resource: "pods", namespace: "default", name: "web")
        #expect(RBACEvaluator.forbiddenMessage(user: bob, attributes: getPod)
            == "pods \"web\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\"")
        let listDeployments = RequestAttributes.resource(verb: "list", group: "apps", resource: "deployments")
        #expect(RBACEvaluator.forbiddenMessage(user: bob, attributes: listDeployments)
            == "deployments.apps is forbidden: User \"bob\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope")
        let exec = RequestAttributes.resource(verb: "create", resource: "pods", subresource: "exec", namespace: "dev", name: "p")
        #expect(RBACEvaluator.forbiddenMessage(user: bob, attributes: exec)
            == "pods \"p\" is forbidden: User \"bob\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"dev\"")
        #expect(RBACEvaluator.forbiddenMessage(user: bob, attributes: .nonResource(verb: "get", path: "/metrics"))
            == "forbidden: User \"bob\" cannot get path \"/metrics\"")
        #expect(RBACEvaluator.forbiddenMessage(user: bob, attributes: getPod, reason: "RBAC: role.rbac.authorization.k8s.io \"x\" not found")
            == "pods \"web\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\": "
            + "RBAC: role.rbac.authorization.k8s.io \"x\" not found")
    }

    @Test func ruleMatchingPrimitives() {
        let rule = RBACEvaluator.PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["*/scale", "pods"])
        #expect(rule.matchesResource("deployments/scale", subresource: "scale"))
        #expect(!rule.matchesResource("deployments", subresource: ""))
        #expect(rule.matchesResource("pods", subresource: ""))
        #expect(!rule.matchesResource("pods/status", subresource: "status"))
        #expect(RBACEvaluator.PolicyRule(verbs: ["*"], resources: ["*"]).matchesResource("pods/exec", subresource: "exec"))
        #expect(RBACEvaluator.PolicyRule(nonResourceURLs: ["/logs**"]).matchesNonResourceURL("/logs/kube"))
        #expect(!RBACEvaluator.PolicyRule(nonResourceURLs: ["/version"]).matchesNonResourceURL("/version/"))
        #expect(RBACEvaluator.PolicyRule(resourceNames: []).matchesResourceName(""))
        #expect(!RBACEvaluator.PolicyRule(resourceNames: ["a"]).matchesResourceName(""))
    }

    @Test func serviceAccountUsers() {
        let user = UserInfo.serviceAccount(namespace: "dev", name: "builder", uid: "u-1")
        #expect(user.name == "system:serviceaccount:dev:builder")
        #expect(user.groups == ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"])
        #expect(user.uid == "u-1")
        #expect(user.serviceAccount?.namespace == "dev")
        #expect(user.serviceAccount?.name == "builder")
        #expect(alice.serviceAccount == nil)
        #expect(UserInfo(name: "system:serviceaccount:only", groups: []).serviceAccount == nil)
        #expect(!user.isSuperuser)
        #expect(UserInfo.anonymous.groups == ["system:unauthenticated"])
    }

    @Test func attributesFromReviewSpec() throws {
        let resourceSpec: JSONValue = [
            "user": "bob",
            "resourceAttributes": [
                "namespace": "dev", "verb": "get", "group": "apps", "version": "v1", "resource": "deployments",
                "subresource": "scale", "name": "web",
            ],
        ]
        let attributes = try #require(RequestAttributes(reviewSpec: resourceSpec))
        #expect(attributes == .resource(
            verb: "get", group: "apps", version: "v1", resource: "deployments", subresource: "scale", namespace: "dev", name: "web"))
        #expect(attributes.combinedResource == "deployments/scale")
        let pathSpec: JSONValue = ["nonResourceAttributes": ["path": "/healthz", "verb": "get"]]
        #expect(RequestAttributes(reviewSpec: pathSpec) == .nonResource(verb: "get", path: "/healthz"))
        #expect(RequestAttributes(reviewSpec: ["user": "bob"]) == nil)
    }
}
