import SkoposModel
import Testing
@testable import KubeSim
import KubeTypes

@Suite struct NameValidationTests {
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
        + "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + #"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
    static let labelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
        + "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, "
        + "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
        + "'[a-z]([-a-z0-9]*[a-z0-9])?')"

    @Test func dns1123SubdomainAccepts() {
        for name in ["a", "example.com", "my-app", "0abc", "a.b-c.d9", "web-7d4b9c8f5-x2x9z", String(repeating: "a", count: 253)] {
            #expect(NameValidation.dns1123Subdomain(name).isEmpty, "\(name)")
        }
    }

    @Test func dns1123SubdomainRejects() {
        for name in ["", "Foo", "-a", "a-", "a..b", ".a", "a.", "a_b", "a b", "ä", "a.-b"] {
            #expect(NameValidation.dns1123Subdomain(name) == [Self.subdomainMessage], "\(name)")
        }
        let tooLong = String(repeating: "a", count: 254)
        #expect(NameValidation.dns1123Subdomain(tooLong) == ["must be no more than 253 characters"])
        let tooLongAndBad = String(repeating: "A", count: 254)
        #expect(NameValidation.dns1123Subdomain(tooLongAndBad) == ["must be no more than 253 characters", Self.subdomainMessage])
    }

    @Test func dns1123Label() {
        for name in ["a", "my-name", "123-abc", String(repeating: "x", count: 63)] {
            #expect(NameValidation.dns1123Label(name).isEmpty, "\(name)")
        }
        #expect(NameValidation.dns1123Label("a.b") == ["must not contain dots"])
        #expect(NameValidation.dns1123Label("My-Name") == [Self.labelMessage])
        #expect(NameValidation.dns1123Label("") == [Self.labelMessage])
        #expect(NameValidation.dns1123Label("-x") == [Self.labelMessage])
        #expect(NameValidation.dns1123Label(String(repeating: "x", count: 64)) == ["must be no more than 63 characters"])
    }

    @Test func dns1035Label() {
        for name in ["a", "my-svc", "abc-123"] {
            #expect(NameValidation.dns1035Label(name).isEmpty, "\(name)")
        }
        for name in ["1abc", "", "a-", "A", "a.b", "a_b"] {
            #expect(NameValidation.dns1035Label(name) == [Self.dns1035Message], "\(name)")
        }
        #expect(NameValidation.dns1035Label(String(repeating: "s", count: 64)) == ["must be no more than 63 characters"])
    }

    @Test func labelKeys() {
        for key in ["app", "App", "app.kubernetes.io/name", "example.com/My_Key-1", "a", "k8s.io/a.b"] {
            #expect(NameValidation.labelKey(key).isEmpty, "\(key)")
        }
        #expect(NameValidation.labelKey("/name") == ["prefix part must be non-empty"])
        #expect(NameValidation.labelKey("Example.com/name") == ["prefix part " + Self.subdomainMessage])
        #expect(NameValidation.labelKey("a/") == [
            "name part must be non-empty",
            SelectorMessages.namePart,
        ])
        #expect(NameValidation.labelKey("a/b/c") == [SelectorMessages.qualifiedName])
        #expect(NameValidation.labelKey("-app") == [SelectorMessages.namePart])
        #expect(NameValidation.labelKey("app_") == [SelectorMessages.namePart])
        #expect(NameValidation.labelKey(String(repeating: "k", count: 64)) == ["name part must be no more than 63 characters"])
        #expect(NameValidation.labelKey(String(repeating: "p", count: 254) + "/k") == ["prefix part must be no more than 253 characters"])
    }

    @Test func labelValues() {
        for value in ["", "v", "MyValue", "my_value", "12345", "a.b-c_d", String(repeating: "v", count: 63)] {
            #expect(NameValidation.labelValue(value).isEmpty, "\(value)")
        }
        for value in ["-v", "v-", "a b", "a/b", "_"] {
            #expect(NameValidation.labelValue(value) == [SelectorMessages.labelValue], "\(value)")
        }
        #expect(NameValidation.labelValue(String(repeating: "v", count: 64)) == ["must be no more than 63 characters"])
    }

    @Test func pathSegmentNames() {
        #expect(NameValidation.pathSegmentName("system:controller:deployment-controller").isEmpty)
        #expect(NameValidation.pathSegmentName("Admin Role").isEmpty)
        #expect(NameValidation.pathSegmentName(".") == ["may not be '.'"])
        #expect(NameValidation.pathSegmentName("..") == ["may not be '..'"])
        #expect(NameValidation.pathSegmentName("a/b%c") == ["may not contain '/'", "may not contain '%'"])
    }

    @Test func nameRulesPerKind() {
        #expect(NameValidation.nameRule(group: "", kind: "Namespace") == .dns1123Label)
        #expect(NameValidation.nameRule(group: "", kind: "Service") == .dns1035Label)
        #expect(NameValidation.nameRule(group: "rbac.authorization.k8s.io", kind: "ClusterRole") == .pathSegment)
        #expect(NameValidation.nameRule(group: "apps", kind: "Deployment") == .dns1123Subdomain)
        #expect(NameValidation.nameRule(group: "", kind: "ConfigMap") == .dns1123Subdomain)
        #expect(NameValidation.nameRule(group: "example.com", kind: "Widget") == .dns1123Subdomain)
    }

    @Test func generateNamePrefixes() {
        #expect(NameValidation.maskTrailingDash("web-") == "wea")
        #expect(NameValidation.maskTrailingDash("-") == "-")
        #expect(NameValidation.maskTrailingDash("web") == "web")
        #expect(NameValidation.validateName("web-", rule: .dns1123Subdomain, isGenerateName: true).isEmpty)
        #expect(NameValidation.validateName("web-", rule: .dns1123Subdomain) == [Self.subdomainMessage])
        #expect(NameValidation.validateName("Web-", rule: .dns1123Subdomain, isGenerateName: true) == [Self.subdomainMessage])
        #expect(NameValidation.validateName("svc-", rule: .dns1035Label, isGenerateName: true).isEmpty)
    }

    @Test func objectNameFieldErrors() {
        let errors = NameValidation.validateObjectName(name: "Foo", rule: .dns1123Subdomain)
        #expect(errors.map(\.description) == ["metadata.name: Invalid value: \"Foo\": \(Self.subdomainMessage)"])
        #expect(errors.first?.causeType == "FieldValueInvalid")
        #expect(errors.first?.field == "metadata.name")
        #expect(errors.first?.body == "Invalid value: \"Foo\": \(Self.subdomainMessage)")

        let missing = NameValidation.validateObjectName(name: "", rule: .dns1123Subdomain)
        #expect(missing.map(\.description) == ["metadata.name: Required value: name or generateName is required"])
        #expect(missing.first?.causeType == "FieldValueRequired")

        #expect(NameValidation.validateObjectName(name: "", generateName: "web-", rule: .dns1123Subdomain).count == 1)
        #expect(NameValidation.validateObjectName(name: "web", rule: .dns1123Subdomain).isEmpty)
        let badGenerate = NameValidation.validateObjectName(name: "ok", generateName: "Bad-", rule: .dns1123Subdomain)
        #expect(badGenerate.map(\.field) == ["metadata.generateName"])
        let service = NameValidation.validateObjectName(name: "1svc", rule: .dns1035Label)
        #expect(service.map(\.description) == ["metadata.name: Invalid value: \"1svc\": \(Self.dns1035Message)"])
    }

    @Test func invalidStatusMessage() {
        let errors = NameValidation.validateObjectName(name: "Foo", rule: .dns1123Subdomain)
        #expect(NameValidation.invalidMessage(group: "", kind: "Pod", name: "Foo", errors: errors)
            == "Pod \"Foo\" is invalid: metadata.name: Invalid value: \"Foo\": \(Self.subdomainMessage)")
        let two = [NameValidation.FieldError.required("spec.selector", ""), NameValidation.FieldError.invalid("spec.replicas", "x", "bad")]
        #expect(NameValidation.invalidMessage(group: "apps", kind: "Deployment", name: "web", errors: two)
            == "Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: \"x\": bad]")
        #expect(NameValidation.invalidMessage(group: "", kind: "Pod", name: "p", errors: []) == "Pod \"p\" is invalid")
        #expect(two[1].cause == ["reason": "FieldValueInvalid", "message": "Invalid value: \"x\": bad", "field": "spec.replicas"])
    }

    @Test func labelsValidation() {
        #expect(NameValidation.validateLabels(["app": "web", "app.kubernetes.io/part-of": "shop"]).isEmpty)
        let errors = NameValidation.validateLabels(["app": "-web", "bad key": "ok"])
        #expect(errors.map(\.description) == [
            "metadata.labels: Invalid value: \"-web\": \(SelectorMessages.labelValue)",
            "metadata.labels: Invalid value: \"bad key\": \(SelectorMessages.namePart)",
        ])
    }

    @Test func annotationsValidation() {
        #expect(NameValidation.validateAnnotations(["Example.com/Key": "x", "kubectl.kubernetes.io/last-applied-configuration": "{}"]).isEmpty)
        let bigValue = String(repeating: "x", count: 256 * 1024 - 1)
        #expect(NameValidation.validateAnnotations(["a": bigValue]).isEmpty)
        let tooBig = NameValidation.validateAnnotations(["ab": bigValue])
        #expect(tooBig.map(\.description) == ["metadata.annotations: Too long: may not be more than 262144 bytes"])
        #expect(tooBig.first?.causeType == "FieldValueTooLong")
        let badKey = NameValidation.validateAnnotations(["-x": "v"])
        #expect(badKey.map(\.description) == ["metadata.annotations: Invalid value: \"-x\": \(SelectorMessages.namePart)"])
    }

    @Test func goQuoting() {
        #expect(NameValidation.goQuoted("plain") == "\"plain\"")
        #expect(NameValidation.goQuoted("a\"b\\c\n\t") == #""a\"b\\c\n\t""#)
        #expect(NameValidation.goQuoted("\u{01}") == #""\x01""#)
        #expect(NameValidation.goQuoted("héllo") == "\"héllo\"")
        #expect(NameValidation.goStringSlice([]) == "[]string(nil)")
        #expect(NameValidation.goStringSlice(["a", "b"]) == "[]string{\"a\", \"b\"}")
    }
}
