import SkoposModel
import Testing
@testable import KubeSim
import KubeTypes

/// Real API server texts, written out literally so the tests check the exact wording.
enum SelectorMessages {
    static let namePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValue =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
        + "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
        + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let qualifiedName =
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
        + "'example.com/MyName')"
}

@Suite struct LabelQueryTests {
    /// The error message for `text`, or nil when it parses.
    func parseError(_ text: String) -> String? {
        do {
            _ = try LabelQuery(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }

    /// The error message converting a `metav1.LabelSelector`, or nil when it converts.
    func jsonError(_ json: JSONValue) -> String? {
        do {
            _ = try LabelQuery(labelSelectorJSON: json)
            return nil
        } catch {
            return error.message
        }
    }

    func parse(_ text: String) throws -> LabelQuery {
        try LabelQuery(parsing: text)
    }

    @Test func emptyMatchesEverything() throws {
        for text in ["", "   ", "\t\n"] {
            let selector = try parse(text)
            #expect(selector.isEverything)
            #expect(selector.matches([:]))
            #expect(selector.matches(["a": "b"]))
            #expect(selector.description == "")
        }
    }

    @Test func equality() throws {
        for text in ["a=b", "a==b", " a = b ", "a =b"] {
            let selector = try parse(text)
            #expect(selector.matches(["a": "b"]))
            #expect(selector.matches(["a": "b", "c": "d"]))
            #expect(!selector.matches(["a": "c"]))
            #expect(!selector.matches([:]))
        }
    }

    @Test func inequality() throws {
        let selector = try parse("a!=b")
        #expect(selector.matches([:]))
        #expect(selector.matches(["a": "c"]))
        #expect(!selector.matches(["a": "b"]))
        #expect(selector.requirements == [.init(key: "a", op: .notEquals, values: ["b"])])
    }

    @Test func setMembership() throws {
        let inSet = try parse("env in (prod, staging)")
        #expect(inSet.matches(["env": "prod"]))
        #expect(inSet.matches(["env": "staging"]))
        #expect(!inSet.matches(["env": "dev"]))
        #expect(!inSet.matches([:]))
        #expect(inSet.requirements[0].values == ["prod", "staging"])

        let notIn = try parse("env notin (prod)")
        #expect(notIn.matches([:]))
        #expect(notIn.matches(["env": "dev"]))
        #expect(!notIn.matches(["env": "prod"]))
    }

    @Test func existence() throws {
        let exists = try parse("tier")
        #expect(exists.requirements == [.init(key: "tier", op: .exists, values: [])])
        #expect(exists.matches(["tier": ""]))
        #expect(!exists.matches(["other": "x"]))

        let absent = try parse("!tier")
        #expect(absent.requirements == [.init(key: "tier", op: .doesNotExist, values: [])])
        #expect(absent.matches([:]))
        #expect(!absent.matches(["tier": "x"]))

        let spaced = try parse(" ! tier ")
        #expect(spaced.requirements == absent.requirements)
    }

    @Test func commaIsAnd() throws {
        let selector = try parse("app=web,tier in (fe,be),!canary,version")
        #expect(selector.requirements.count == 4)
        #expect(selector.matches(["app": "web", "tier": "fe", "version": "1"]))
        #expect(!selector.matches(["app": "web", "tier": "fe", "version": "1", "canary": "true"]))
        #expect(!selector.matches(["app": "web", "tier": "db", "version": "1"]))
        #expect(!selector.matches(["app": "web", "tier": "fe"]))
    }

    @Test func whitespaceTolerant() throws {
        let compact = try parse("a=b,c in (x,y),!d")
        let spaced = try parse("  a  =  b ,\tc   in   (  x ,  y  )  , ! d \n")
        #expect(compact == spaced)
    }

    @Test func numericComparisons() throws {
        let greater = try parse("replicas>2")
        #expect(greater.matches(["replicas": "3"]))
        #expect(!greater.matches(["replicas": "2"]))
        #expect(!greater.matches(["replicas": "x"]))
        #expect(!greater.matches([:]))
        let less = try parse("replicas<10")
        #expect(less.matches(["replicas": "9"]))
        #expect(!less.matches(["replicas": "10"]))
        #expect(less.description == "replicas<10")
    }

    @Test func emptyValues() throws {
        let emptyEquals = try parse("a=")
        #expect(emptyEquals.matches(["a": ""]))
        #expect(!emptyEquals.matches(["a": "x"]))
        #expect(!emptyEquals.matches([:]))

        let emptySet = try parse("a in ()")
        #expect(emptySet.requirements[0].values == [""])
        #expect(emptySet.matches(["a": ""]))

        let withBlank = try parse("a in (x,,y)")
        #expect(withBlank.requirements[0].values == ["", "x", "y"])

        let leadingComma = try parse("a in (,x)")
        #expect(leadingComma.requirements[0].values == ["", "x"])

        let emptyThenMore = try parse("a=,b")
        #expect(emptyThenMore.requirements.count == 2)
    }

    @Test func keywordsAreIdentifiersAsKeysAndValues() throws {
        let selector = try parse("in=notin")
        #expect(selector.requirements == [.init(key: "in", op: .equals, values: ["notin"])])
        let inValues = try parse("a in (in,notin)")
        #expect(inValues.requirements[0].values == ["in", "notin"])
    }

    @Test func prefixedKeys() throws {
        let selector = try parse("app.kubernetes.io/name=web,example.com/tier!=db")
        #expect(selector.matches(["app.kubernetes.io/name": "web"]))
        #expect(!selector.matches(["app.kubernetes.io/name": "web", "example.com/tier": "db"]))
    }

    @Test func canonicalDescription() throws {
        #expect(try parse("b=2, a in (y,x), !c").description == "a in (x,y),b=2,!c")
        #expect(try parse("a==b").description == "a==b")
        #expect(try parse("x notin (b,a),y").description == "x notin (a,b),y")
        #expect(try parse("a in (x,x)").description == "a in (x)")
    }

    @Test func syntaxErrors() {
        let operators = "in, notin, =, ==, !=, gt, lt"
        #expect(parseError("a b") == "unable to parse requirement: found 'b', expected: \(operators)")
        #expect(parseError("a!") == "unable to parse requirement: found '!', expected: \(operators)")
        #expect(parseError("a in b") == "unable to parse requirement: found 'b' expected: '('")
        #expect(parseError("a in (b c)") == "unable to parse requirement: found 'c', expected: ',' or ')'")
        #expect(parseError("a in (b") == "unable to parse requirement: found '', expected: ',' or ')'")
        #expect(parseError("a in (=)") == "unable to parse requirement: found '=', expected: ',', ')' or identifier")
        #expect(parseError("a=(b)") == "unable to parse requirement: found '(', expected: identifier")
        #expect(parseError("! =a") == "unable to parse requirement: found '=', expected: identifier")
        #expect(parseError("!=a") == "found '!=', expected: !, identifier, or 'end of string'")
        #expect(parseError(",a") == "found ',', expected: !, identifier, or 'end of string'")
        #expect(parseError("=") == "found '=', expected: !, identifier, or 'end of string'")
        #expect(parseError("a,") == "found '', expected: identifier after ','")
        #expect(parseError("a,,b") == "found ',', expected: identifier after ','")
        #expect(parseError("a=b c") == "found 'c', expected: ',' or 'end of string'")
        #expect(parseError("!a=b") == "found '=', expected: ',' or 'end of string'")
        #expect(parseError("a=b==c") == "found '==', expected: ',' or 'end of string'")
    }

    @Test func keyValidationErrors() {
        #expect(parseError("-a=b") == "unable to parse requirement: <nil>: Invalid value: \"-a\": \(SelectorMessages.namePart)")
        #expect(parseError("app:web") == "unable to parse requirement: <nil>: Invalid value: \"app:web\": \(SelectorMessages.namePart)")
        #expect(parseError("a/b/c=x") == "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": \(SelectorMessages.qualifiedName)")
        let long = String(repeating: "k", count: 64)
        #expect(parseError(long) == "unable to parse requirement: <nil>: Invalid value: \"\(long)\": name part must be no more than 63 characters")
        #expect(parseError("/a") == "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty")
    }

    @Test func valueValidationErrors() {
        #expect(parseError("app=@") == "unable to parse requirement: values[0][app]: Invalid value: \"@\": \(SelectorMessages.labelValue)")
        let twoBad = "unable to parse requirement: [values[0][a]: Invalid value: \"#\": \(SelectorMessages.labelValue), "
            + "values[1][a]: Invalid value: \"@\": \(SelectorMessages.labelValue)]"
        #expect(parseError("a in (@,#)") == twoBad)
        let long = String(repeating: "v", count: 64)
        #expect(parseError("a=\(long)")
            == "unable to parse requirement: values[0][a]: Invalid value: \"\(long)\": must be no more than 63 characters")
        #expect(parseError("a>b")
            == "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer")
    }

    @Test func fromLabelSelectorJSON() throws {
        let json: JSONValue = [
            "matchLabels": ["app": "web"],
            "matchExpressions": [
                ["key": "tier", "operator": "In", "values": ["fe", "be"]],
                ["key": "canary", "operator": "DoesNotExist"],
                ["key": "track", "operator": "NotIn", "values": ["beta"]],
                ["key": "version", "operator": "Exists"],
            ],
        ]
        let selector = try LabelQuery(labelSelectorJSON: json)
        #expect(selector.description == "app=web,!canary,tier in (be,fe),track notin (beta),version")
        #expect(selector.matches(["app": "web", "tier": "fe", "version": "2"]))
        #expect(selector.matches(["app": "web", "tier": "be", "version": "2", "track": "stable"]))
        #expect(!selector.matches(["app": "web", "tier": "fe", "version": "2", "track": "beta"]))
        #expect(!selector.matches(["app": "web", "tier": "fe", "version": "2", "canary": "1"]))
        #expect(!selector.matches(["app": "api", "tier": "fe", "version": "2"]))
        #expect(!selector.matches(["app": "web", "tier": "fe"]))
    }

    @Test func nilAndEmptyLabelSelectorJSON() throws {
        let missing = try LabelQuery(labelSelectorJSON: nil)
        #expect(missing.matchesNothing)
        #expect(!missing.matches([:]))
        let null = try LabelQuery(labelSelectorJSON: .null)
        #expect(!null.matches(["a": "b"]))
        let empty = try LabelQuery(labelSelectorJSON: [:])
        #expect(empty.isEverything)
        #expect(empty.matches(["a": "b"]))
        #expect(try LabelQuery(labelSelectorJSON: ["matchLabels": [:], "matchExpressions": []]).isEverything)
    }

    @Test func labelSelectorJSONErrors() {
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "Foo"]]]) == "\"Foo\" is not a valid label selector operator")
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "in", "values": ["x"]]]]) == "\"in\" is not a valid label selector operator")
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "In"]]])
            == "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "Exists", "values": ["x", "y"]]]])
            == "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist")
        #expect(jsonError(["matchLabels": ["bad key": "v"]]) == "key: Invalid value: \"bad key\": \(SelectorMessages.namePart)")
        #expect(jsonError(["matchLabels": ["k": "-v"]]) == "values[0][k]: Invalid value: \"-v\": \(SelectorMessages.labelValue)")
    }

    @Test func matchesObjectLabels() throws {
        let selector = try parse("app=web")
        let pod: JSONValue = ["metadata": ["name": "p", "labels": ["app": "web"]]]
        let bare: JSONValue = ["metadata": ["name": "q"]]
        #expect(selector.matches(object: pod))
        #expect(!selector.matches(object: bare))
        #expect(LabelQuery.labels(of: pod) == ["app": "web"])
    }
}

@Suite struct FieldSelectorTests {
    func parseError(_ text: String) -> String? {
        do {
            _ = try FieldSelector(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }

    func validationError(_ text: String, group: String = "", kind: String) -> String? {
        do {
            _ = try FieldSelector(parsing: text).validated(group: group, kind: kind)
            return nil
        } catch {
            return error.message
        }
    }

    let pod: JSONValue = [
        "kind": "Pod",
        "metadata": ["name": "web-1", "namespace": "default"],
        "spec": ["nodeName": "node-a", "restartPolicy": "Always"],
        "status": ["phase": "Running", "podIP": "10.0.0.5", "podIPs": [["ip": "10.0.0.5"], ["ip": "fd00::5"]]],
    ]

    @Test func equalityAndInequality() throws {
        let cases: [(String, Bool)] = [
            ("metadata.name=web-1", true),
            ("metadata.name==web-1", true),
            ("metadata.name=web-2", false),
            ("status.phase!=Pending", true),
            ("status.phase!=Running", false),
            ("metadata.namespace=default,spec.nodeName=node-a", true),
            ("metadata.namespace=default,spec.nodeName=node-b", false),
        ]
        for (text, expected) in cases {
            let selector = try FieldSelector(parsing: text)
            #expect(selector.matches(pod) == expected, "\(text)")
        }
    }

    @Test func emptySelectorMatchesEverything() throws {
        let selector = try FieldSelector(parsing: "")
        #expect(selector.isEverything)
        #expect(selector.matches(pod))
        #expect(selector.matches([:]))
    }

    @Test func missingFieldComparesAsEmpty() throws {
        let pending: JSONValue = ["metadata": ["name": "p"], "spec": [:]]
        let unscheduled = try FieldSelector(parsing: "spec.nodeName=")
        let scheduled = try FieldSelector(parsing: "spec.nodeName!=")
        #expect(unscheduled.matches(pending))
        #expect(!scheduled.matches(pending))
        #expect(scheduled.matches(pod))
        #expect(FieldSelector.fieldValue("spec.schedulerName", of: pending) == "")
    }

    @Test func termsAreSortedAndEmptyTermsSkipped() throws {
        let selector = try FieldSelector(parsing: "status.phase=Running,,metadata.name==web-1,")
        #expect(selector.requirements.map(\.field) == ["metadata.name", "status.phase"])
        #expect(selector.description == "metadata.name=web-1,status.phase=Running")
        #expect(selector.requiredValue(for: "metadata.name") == "web-1")
        #expect(selector.requiredValue(for: "spec.nodeName") == nil)
    }

    @Test func noWhitespaceTrimming() throws {
        let selector = try FieldSelector(parsing: "metadata.name = web-1")
        #expect(selector.requirements == [.init(field: "metadata.name ", op: .equals, value: " web-1")])
        #expect(validationError("metadata.name = web-1", kind: "Pod") == "field label not supported: metadata.name ")
    }

    @Test func escapedValues() throws {
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b\=c\\d,type=x"#)
        #expect(selector.requirements.count == 2)
        #expect(selector.requirements[0].value == #"a,b=c\d"#)
        #expect(selector.description == #"metadata.name=a\,b\=c\\d,type=x"#)
    }

    @Test func parseErrors() {
        #expect(parseError("foo") == "invalid selector: 'foo'; can't understand 'foo'")
        #expect(parseError("a=b,foo") == "invalid selector: 'a=b,foo'; can't understand 'foo'")
        #expect(parseError("a=b=c") == "invalid field selector: unescaped character in value: 61")
        #expect(parseError("a!=b,c") == "invalid selector: 'a!=b,c'; can't understand 'c'")
        #expect(parseError(#"a=b\x"#) == #"invalid field selector: invalid escape sequence: \x"#)
        #expect(parseError(#"a=b\"#) == #"invalid field selector: invalid escape sequence: \"#)
    }

    @Test func operatorPrecedenceAtFirstOccurrence() throws {
        let notEquals = try FieldSelector(parsing: "a!=b")
        #expect(notEquals.requirements == [.init(field: "a", op: .notEquals, value: "b")])
        let bangValue = try FieldSelector(parsing: "a=!b")
        #expect(bangValue.requirements == [.init(field: "a", op: .equals, value: "!b")])
        let emptyField = try FieldSelector(parsing: "=x")
        #expect(emptyField.requirements == [.init(field: "", op: .equals, value: "x")])
    }

    @Test func supportedFieldsPerKind() {
        let podFields = FieldSelector.supportedFields(group: "", kind: "Pod")
        for field in [
            "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ] {
            #expect(podFields.contains(field))
        }
        #expect(FieldSelector.supportedFields(group: "", kind: "Secret") == ["metadata.name", "metadata.namespace", "type"])
        #expect(FieldSelector.supportedFields(group: "", kind: "Namespace").contains("status.phase"))
        #expect(FieldSelector.supportedFields(group: "apps", kind: "ReplicaSet").contains("status.replicas"))
        #expect(FieldSelector.supportedFields(group: "", kind: "Node").contains("spec.unschedulable"))
        #expect(FieldSelector.supportedFields(group: "", kind: "Event").isSuperset(of: [
            "involvedObject.kind", "involvedObject.name", "involvedObject.namespace", "involvedObject.uid", "reason", "source", "type",
        ]))
        #expect(FieldSelector.supportedFields(group: "", kind: "ConfigMap") == ["metadata.name", "metadata.namespace"])
        #expect(FieldSelector.supportedFields(group: "example.com", kind: "Widget") == ["metadata.name", "metadata.namespace"])
    }

    @Test func validationErrors() throws {
        #expect(validationError("status.phase=Running,spec.nodeName=n", kind: "Pod") == nil)
        #expect(validationError("spec.foo=x", kind: "Pod") == "field label not supported: spec.foo")
        #expect(validationError("type=Opaque", kind: "Secret") == nil)
        #expect(validationError("data.key=x", kind: "Secret") == "field label not supported: data.key")
        #expect(validationError("data.key=x", kind: "ConfigMap")
            == "\"data.key\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        #expect(validationError("z=1,b=2", kind: "ConfigMap")
            == "\"b\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        #expect(validationError("spec.x=1", group: "batch", kind: "Job") == "field label \"spec.x\" not supported for \"Job\"")
        #expect(validationError("status.successful=1", group: "batch", kind: "Job") == nil)
        #expect(validationError("metadata.name=x", group: "example.com", kind: "Widget") == nil)
    }

    @Test func legacySpecHostBecomesNodeName() throws {
        let selector = try FieldSelector(parsing: "spec.host=node-a").validated(group: "", kind: "Pod")
        #expect(selector.requirements == [.init(field: "spec.nodeName", op: .equals, value: "node-a")])
        #expect(selector.matches(pod))
    }

    @Test func computedPodFields() throws {
        #expect(FieldSelector.fieldValue("spec.hostNetwork", of: pod) == "false")
        let hostPod: JSONValue = ["spec": ["hostNetwork": true]]
        #expect(FieldSelector.fieldValue("spec.hostNetwork", of: hostPod) == "true")
        #expect(FieldSelector.fieldValue("status.podIP", of: pod) == "10.0.0.5")
        let legacyIP: JSONValue = ["status": ["podIP": "10.1.1.1"]]
        #expect(FieldSelector.fieldValue("status.podIP", of: legacyIP) == "10.1.1.1")
        #expect(try FieldSelector(parsing: "spec.hostNetwork=false,spec.restartPolicy=Always").matches(pod))
    }

    @Test func computedCountsAndFlags() throws {
        let replicaSet: JSONValue = ["metadata": ["name": "rs"], "status": ["replicas": 3]]
        #expect(FieldSelector.fieldValue("status.replicas", of: replicaSet) == "3")
        #expect(FieldSelector.fieldValue("status.replicas", of: ["metadata": ["name": "rs"]]) == "0")
        #expect(try FieldSelector(parsing: "status.replicas!=0").matches(replicaSet))
        let node: JSONValue = ["metadata": ["name": "n"], "spec": [:]]
        #expect(FieldSelector.fieldValue("spec.unschedulable", of: node) == "false")
        #expect(FieldSelector.fieldValue("spec.unschedulable", of: ["spec": ["unschedulable": true]]) == "true")
        let job: JSONValue = ["status": ["succeeded": 2]]
        #expect(FieldSelector.fieldValue("status.successful", of: job) == "2")
        let secret: JSONValue = ["metadata": ["name": "s"], "type": "kubernetes.io/tls"]
        #expect(try FieldSelector(parsing: "type=kubernetes.io/tls").matches(secret))
    }

    @Test func eventFields() throws {
        let coreEvent: JSONValue = [
            "metadata": ["name": "e1", "namespace": "default"],
            "involvedObject": ["kind": "Pod", "name": "web-1", "namespace": "default", "uid": "u1"],
            "reason": "Scheduled", "type": "Normal", "source": ["component": "default-scheduler"],
        ]
        let selector = try FieldSelector(parsing: "involvedObject.kind=Pod,involvedObject.name=web-1,reason=Scheduled")
        #expect(selector.matches(coreEvent))
        #expect(FieldSelector.fieldValue("source", of: coreEvent) == "default-scheduler")
        #expect(FieldSelector.fieldValue("involvedObject.uid", of: coreEvent) == "u1")

        let newEvent: JSONValue = [
            "metadata": ["name": "e2", "namespace": "default"],
            "regarding": ["kind": "Pod", "name": "web-2"],
            "reportingController": "kubelet", "reason": "Pulled", "type": "Normal",
        ]
        #expect(FieldSelector.fieldValue("involvedObject.name", of: newEvent) == "web-2")
        #expect(FieldSelector.fieldValue("regarding.name", of: coreEvent) == "web-1")
        #expect(FieldSelector.fieldValue("source", of: newEvent) == "kubelet")
        #expect(FieldSelector.fieldValue("reportingComponent", of: newEvent) == "kubelet")
        #expect(validationError("regarding.name=x", group: "events.k8s.io", kind: "Event") == nil)
        #expect(validationError("involvedObject.name=x", group: "events.k8s.io", kind: "Event")
            == "field label not supported: involvedObject.name")
    }

    @Test func scalarFormatting() {
        #expect(FieldSelector.scalarText(.int(5)) == "5")
        #expect(FieldSelector.scalarText(.bool(false)) == "false")
        #expect(FieldSelector.scalarText(.null) == nil)
        #expect(FieldSelector.scalarText(["a"]) == "")
    }
}
