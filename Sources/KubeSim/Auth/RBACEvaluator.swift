import KubeTypes
import SkoposModel

/// Role-based access control, evaluated the way the real RBAC authorizer
/// (`plugin/pkg/auth/authorizer/rbac`) does, as a pure function of the RBAC objects.
///
/// - ClusterRoleBindings grant their ClusterRole's rules in every namespace and at cluster scope.
/// - RoleBindings grant their Role (in the binding's namespace) or ClusterRole, but only for requests in the
///   binding's namespace.
/// - Subjects are `User`, `Group` or `ServiceAccount` (whose namespace defaults to the binding's).
/// - Rules match with `*` wildcards for verbs, API groups and resources, `resource/subresource` and
///   `*/subresource` resources, optional `resourceNames`, and `nonResourceURLs` with a trailing `*` prefix match.
/// - Members of `system:masters` are allowed everything (the real server's privileged-group authorizer).
///
/// Bindings are visited in name order (cluster bindings first), so the reason names the first binding that allows.
/// Aggregation rules are not evaluated: a ClusterRole's stored `rules` are used as they are.
struct RBACEvaluator: Sendable {
    /// An `rbac.authorization.k8s.io/v1` PolicyRule.
    struct PolicyRule: Sendable, Hashable {
        var verbs: [String] = []
        var apiGroups: [String] = []
        var resources: [String] = []
        var resourceNames: [String] = []
        var nonResourceURLs: [String] = []

        init(
            verbs: [String] = [], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [],
            nonResourceURLs: [String] = []
        ) {
            self.verbs = verbs
            self.apiGroups = apiGroups
            self.resources = resources
            self.resourceNames = resourceNames
            self.nonResourceURLs = nonResourceURLs
        }

        /// Reads a rule object; missing or malformed lists are empty.
        init(json: JSONValue) {
            func strings(_ key: String) -> [String] { (json[key]?.arrayValue ?? []).compactMap(\.stringValue) }
            self.init(
                verbs: strings("verbs"), apiGroups: strings("apiGroups"), resources: strings("resources"),
                resourceNames: strings("resourceNames"), nonResourceURLs: strings("nonResourceURLs"))
        }

        /// The rule as JSON, omitting empty lists except `verbs` (the shape of SelfSubjectRulesReview rules).
        var json: JSONValue {
            var object: [String: JSONValue] = ["verbs": .array(verbs.map { .string($0) })]
            if !apiGroups.isEmpty { object["apiGroups"] = .array(apiGroups.map { .string($0) }) }
            if !resources.isEmpty { object["resources"] = .array(resources.map { .string($0) }) }
            if !resourceNames.isEmpty { object["resourceNames"] = .array(resourceNames.map { .string($0) }) }
            if !nonResourceURLs.isEmpty { object["nonResourceURLs"] = .array(nonResourceURLs.map { .string($0) }) }
            return .object(object)
        }

        /// `RuleAllows`: whether this rule permits the request.
        func allows(_ attributes: RequestAttributes) -> Bool {
            guard matchesVerb(attributes.verb) else { return false }
            if attributes.isResourceRequest {
                return matchesAPIGroup(attributes.apiGroup)
                    && matchesResource(attributes.combinedResource, subresource: attributes.subresource)
                    && matchesResourceName(attributes.name)
            }
            return matchesNonResourceURL(attributes.path)
        }

        func matchesVerb(_ verb: String) -> Bool {
            verbs.contains { $0 == "*" || $0 == verb }
        }

        func matchesAPIGroup(_ group: String) -> Bool {
            apiGroups.contains { $0 == "*" || $0 == group }
        }

        /// `*`, the exact `resource[/subresource]`, or `*/subresource` for a subresource request.
        func matchesResource(_ combined: String, subresource: String) -> Bool {
            resources.contains { rule in
                if rule == "*" || rule == combined { return true }
                return !subresource.isEmpty && rule == "*/" + subresource
            }
        }

        /// An empty `resourceNames` allows any name (including none); otherwise the name must be listed.
        func matchesResourceName(_ name: String) -> Bool {
            resourceNames.isEmpty || resourceNames.contains(name)
        }

        /// `*`, the exact path, or a prefix match for a URL ending in `*`.
        func matchesNonResourceURL(_ path: String) -> Bool {
            nonResourceURLs.contains { rule in
                if rule == "*" || rule == path { return true }
                guard rule.hasSuffix("*") else { return false }
                var prefix = Substring(rule)
                while prefix.hasSuffix("*") { prefix = prefix.dropLast() }
                return path.hasPrefix(prefix)
            }
        }
    }

    /// A binding subject.
    struct Subject: Sendable, Hashable {
        var kind: String
        var name: String
        var namespace: String

        /// `describeSubject`: `User "alice"`, `ServiceAccount "builder/ns"`.
        func describe(bindingNamespace: String) -> String {
            guard kind == "ServiceAccount" else { return "\(kind) \(NameValidation.goQuoted(name))" }
            let namespace = namespace.isEmpty ? bindingNamespace : namespace
            return "\(kind) \(NameValidation.goQuoted(name + "/" + namespace))"
        }

        /// `appliesToUser`; `namespace` is the binding's namespace ("" for ClusterRoleBindings).
        func applies(to user: UserInfo, namespace bindingNamespace: String) -> Bool {
            switch kind {
            case "User":
                return user.name == name
            case "Group":
                return user.groups.contains(name)
            case "ServiceAccount":
                let saNamespace = namespace.isEmpty ? bindingNamespace : namespace
                guard !saNamespace.isEmpty else { return false }
                return user.name == UserInfo.serviceAccountUsername(namespace: saNamespace, name: name)
            default:
                return false
            }
        }
    }

    /// A RoleBinding (with a namespace) or ClusterRoleBinding (namespace "").
    struct Binding: Sendable, Hashable {
        var name: String
        var namespace: String
        var roleKind: String
        var roleName: String
        var subjects: [Subject]

        init(json: JSONValue, isClusterBinding: Bool) {
            name = json[path: ["metadata", "name"]]?.stringValue ?? ""
            namespace = isClusterBinding ? "" : json[path: ["metadata", "namespace"]]?.stringValue ?? ""
            roleKind = json[path: ["roleRef", "kind"]]?.stringValue ?? ""
            roleName = json[path: ["roleRef", "name"]]?.stringValue ?? ""
            subjects = (json["subjects"]?.arrayValue ?? []).map { subject in
                Subject(
                    kind: subject["kind"]?.stringValue ?? "", name: subject["name"]?.stringValue ?? "",
                    namespace: subject["namespace"]?.stringValue ?? "")
            }
        }

        /// The first subject that applies to the user.
        func subject(for user: UserInfo) -> Subject? {
            subjects.first { $0.applies(to: user, namespace: namespace) }
        }

        /// The describer text: `ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, or for a RoleBinding
        /// `RoleBinding "name/namespace" of Role "y" to ...`.
        func describe(subject: Subject) -> String {
            let role = "\(roleKind) \(NameValidation.goQuoted(roleName))"
            let who = subject.describe(bindingNamespace: namespace)
            if namespace.isEmpty {
                return "ClusterRoleBinding \(NameValidation.goQuoted(name)) of \(role) to \(who)"
            }
            return "RoleBinding \(NameValidation.goQuoted(name + "/" + namespace)) of \(role) to \(who)"
        }
    }

    /// An authorization decision. `allowed == false` is the RBAC authorizer's "no opinion", which the server
    /// turns into a 403.
    struct Decision: Sendable, Hashable {
        var allowed: Bool
        /// `RBAC: allowed by ...` when allowed; when denied, "" or `RBAC: <errors>` naming missing roles.
        var reason: String

        /// A SubjectAccessReview `status`: `allowed` and, when non-empty, `reason`.
        var statusJSON: JSONValue {
            var object: [String: JSONValue] = ["allowed": .bool(allowed)]
            if !reason.isEmpty { object["reason"] = .string(reason) }
            return .object(object)
        }
    }

    /// The rules that apply to a user in a namespace (SelfSubjectRulesReview).
    struct RulesReview: Sendable, Hashable {
        /// Rules with resources (including any that also carry non-resource URLs).
        var resourceRules: [PolicyRule]
        /// Rules with non-resource URLs.
        var nonResourceRules: [PolicyRule]
        var incomplete: Bool
        /// Why some rules could not be resolved (e.g. a binding to a missing role); "" when none.
        var evaluationError: String

        /// The SelfSubjectRulesReview `status` object.
        var statusJSON: JSONValue {
            var object: [String: JSONValue] = [
                "resourceRules": .array(resourceRules.map { rule in
                    var copy = rule
                    copy.nonResourceURLs = []
                    return copy.json
                }),
                "nonResourceRules": .array(nonResourceRules.map { rule in
                    PolicyRule(verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs).json
                }),
                "incomplete": .bool(incomplete),
            ]
            if !evaluationError.isEmpty { object["evaluationError"] = .string(evaluationError) }
            return .object(object)
        }
    }

    /// Role rules by `namespace/name`.
    let roles: [String: [PolicyRule]]
    /// ClusterRole rules by name.
    let clusterRoles: [String: [PolicyRule]]
    /// RoleBindings by namespace, each list sorted by name.
    let roleBindings: [String: [Binding]]
    /// ClusterRoleBindings sorted by name.
    let clusterRoleBindings: [Binding]

    /// Reads `rbac.authorization.k8s.io/v1` Role, ClusterRole, RoleBinding and ClusterRoleBinding objects.
    init(roles: [JSONValue], clusterRoles: [JSONValue], roleBindings: [JSONValue], clusterRoleBindings: [JSONValue]) {
        func rules(_ object: JSONValue) -> [PolicyRule] {
            (object["rules"]?.arrayValue ?? []).map(PolicyRule.init(json:))
        }
        func name(_ object: JSONValue) -> String { object[path: ["metadata", "name"]]?.stringValue ?? "" }
        var roleRules: [String: [PolicyRule]] = [:]
        for role in roles {
            let namespace = role[path: ["metadata", "namespace"]]?.stringValue ?? ""
            roleRules[namespace + "/" + name(role)] = rules(role)
        }
        var clusterRoleRules: [String: [PolicyRule]] = [:]
        for clusterRole in clusterRoles { clusterRoleRules[name(clusterRole)] = rules(clusterRole) }
        var byNamespace: [String: [Binding]] = [:]
        for json in roleBindings {
            let binding = Binding(json: json, isClusterBinding: false)
            byNamespace[binding.namespace, default: []].append(binding)
        }
        self.roles = roleRules
        self.clusterRoles = clusterRoleRules
        self.roleBindings = byNamespace.mapValues { $0.sorted { $0.name < $1.name } }
        self.clusterRoleBindings = clusterRoleBindings.map { Binding(json: $0, isClusterBinding: true) }
            .sorted { $0.name < $1.name }
    }

    /// `GetRoleReferenceRules`: the rules a binding's roleRef names, or the not-found error text.
    func referencedRules(of binding: Binding) -> Result<[PolicyRule], RBACLookupError> {
        switch binding.roleKind {
        case "Role":
            if let rules = roles[binding.namespace + "/" + binding.roleName] { return .success(rules) }
            return .failure(RBACLookupError("role.rbac.authorization.k8s.io \(NameValidation.goQuoted(binding.roleName)) not found"))
        case "ClusterRole":
            if let rules = clusterRoles[binding.roleName] { return .success(rules) }
            return .failure(
                RBACLookupError("clusterrole.rbac.authorization.k8s.io \(NameValidation.goQuoted(binding.roleName)) not found"))
        default:
            return .failure(RBACLookupError("unsupported role reference kind: \(NameValidation.goQuoted(binding.roleKind))"))
        }
    }

    /// A binding whose role could not be resolved.
    struct RBACLookupError: Error, Sendable, Hashable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// `VisitRulesFor`: calls `visit` with each applicable rule and its source description (ClusterRoleBindings,
    /// then — when `namespace` is non-empty — that namespace's RoleBindings), or with an error for a binding whose
    /// role is missing. Stops when `visit` returns false.
    func visitRules(
        for user: UserInfo, namespace: String, _ visit: (_ source: String, _ rule: PolicyRule?, _ error: String?) -> Bool
    ) {
        var bindings = clusterRoleBindings
        if !namespace.isEmpty { bindings += roleBindings[namespace] ?? [] }
        for binding in bindings {
            guard let subject = binding.subject(for: user) else { continue }
            switch referencedRules(of: binding) {
            case .failure(let error):
                if !visit("", nil, error.message) { return }
            case .success(let rules):
                let source = binding.describe(subject: subject)
                for rule in rules where !visit(source, rule, nil) { return }
            }
        }
    }

    /// Authorizes a request: `system:masters` always; otherwise allowed when any applicable rule allows it.
    func authorize(user: UserInfo, attributes: RequestAttributes) -> Decision {
        if user.isSuperuser { return Decision(allowed: true, reason: "") }
        var allowedBy: String? = nil
        var errors: [String] = []
        visitRules(for: user, namespace: attributes.namespace) { source, rule, error in
            if let rule, rule.allows(attributes) {
                allowedBy = source
                return false
            }
            if let error { errors.append(error) }
            return true
        }
        if let allowedBy { return Decision(allowed: true, reason: "RBAC: allowed by \(allowedBy)") }
        guard let aggregated = LabelQuery.aggregate(errors) else { return Decision(allowed: false, reason: "") }
        return Decision(allowed: false, reason: "RBAC: \(aggregated)")
    }

    /// The rules that apply to a user in a namespace ("" for cluster scope only), as SelfSubjectRulesReview reports
    /// them: rules with resources go to `resourceRules`, rules with non-resource URLs to `nonResourceRules`.
    func rules(for user: UserInfo, namespace: String) -> RulesReview {
        var resourceRules: [PolicyRule] = []
        var nonResourceRules: [PolicyRule] = []
        var errors: [String] = []
        visitRules(for: user, namespace: namespace) { _, rule, error in
            if let rule {
                if !rule.resources.isEmpty { resourceRules.append(rule) }
                if !rule.nonResourceURLs.isEmpty { nonResourceRules.append(rule) }
            }
            if let error { errors.append(error) }
            return true
        }
        return RulesReview(
            resourceRules: resourceRules, nonResourceRules: nonResourceRules, incomplete: false,
            evaluationError: LabelQuery.aggregate(errors) ?? "")
    }

    /// The message of the real server's 403 for a denied request, e.g. `pods "web" is forbidden: User "bob" cannot
    /// get resource "pods" in API group "" in the namespace "default"`, with `: <reason>` appended when non-empty.
    static func forbiddenMessage(user: UserInfo, attributes: RequestAttributes, reason: String = "") -> String {
        let who = NameValidation.goQuoted(user.name)
        var detail: String
        if !attributes.isResourceRequest {
            detail = "User \(who) cannot \(attributes.verb) path \(NameValidation.goQuoted(attributes.path))"
        } else {
            let resource = NameValidation.goQuoted(attributes.combinedResource)
            let group = NameValidation.goQuoted(attributes.apiGroup)
            detail = "User \(who) cannot \(attributes.verb) resource \(resource) in API group \(group)"
            detail += attributes.namespace.isEmpty
                ? " at the cluster scope" : " in the namespace \(NameValidation.goQuoted(attributes.namespace))"
        }
        if !reason.isEmpty { detail += ": " + reason }
        let qualified = attributes.apiGroup.isEmpty ? attributes.resource : attributes.resource + "." + attributes.apiGroup
        if qualified.isEmpty { return "forbidden: " + detail }
        if attributes.name.isEmpty { return "\(qualified) is forbidden: \(detail)" }
        return "\(qualified) \(NameValidation.goQuoted(attributes.name)) is forbidden: \(detail)"
    }
}
