import KubeTypes
import SkoposModel
import Testing

@testable import KubeSim

/// Unit tests of the PATCH algorithms: RFC 7386 merge patch, RFC 6902 JSON Patch and Kubernetes strategic merge patch.
@Suite struct PatchTests {
    /// Parses a JSON literal used as test input or expectation.
    private func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    /// Applies a JSON merge patch given as JSON text.
    private func merge(_ target: String, _ patch: String) throws -> JSONValue {
        JSONMergePatch.apply(try json(patch), to: try json(target))
    }

    /// Applies a JSON Patch given as JSON text.
    private func jsonPatch(_ target: String, _ ops: String) throws -> JSONValue {
        try JSONPatch.apply(try json(ops), to: try json(target))
    }

    /// The error a JSON Patch given as JSON text fails with, or `nil` if it applies.
    private func jsonPatchError(_ target: String, _ ops: String) throws -> PatchError? {
        let target = try json(target)
        let ops = try json(ops)
        return #expect(throws: PatchError.self) { try JSONPatch.apply(ops, to: target) }
    }

    /// Applies a strategic merge patch given as JSON text, with the schema of a built-in kind.
    private func strategic(_ original: String, _ patch: String, group: String = "", kind: String = "Pod") throws -> JSONValue {
        let schema = try #require(StrategicMergePatch.patchSchema(group: group, kind: kind))
        return try StrategicMergePatch.apply(try json(patch), to: try json(original), schema: schema)
    }

    /// The error a strategic merge patch given as JSON text fails with, or `nil` if it applies.
    private func strategicError(_ original: String, _ patch: String, group: String = "", kind: String = "Pod") throws -> PatchError? {
        let schema = try #require(StrategicMergePatch.patchSchema(group: group, kind: kind))
        let original = try json(original)
        let patch = try json(patch)
        return #expect(throws: PatchError.self) { try StrategicMergePatch.apply(patch, to: original, schema: schema) }
    }

    // MARK: - RFC 7386 JSON merge patch

    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func mergePatchRFC7386AppendixA(original: String, patch: String, expected: String) throws {
        #expect(try merge(original, patch) == json(expected))
    }

    @Test func mergePatchRFC7386Section3Example() throws {
        let target = #"""
            {"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],
             "content":"This will be unchanged"}
            """#
        let patch = #"{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}"#
        let expected = #"""
            {"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged",
             "phoneNumber":"+01-123-456-7890"}
            """#
        #expect(try merge(target, patch) == json(expected))
    }

    @Test func mergePatchOnKubernetesObject() throws {
        let pod = #"{"metadata":{"name":"p","labels":{"app":"web","tier":"fe"}},"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#
        let patch = #"{"metadata":{"labels":{"tier":null,"new":"x"}},"spec":{"containers":[{"name":"c"}]}}"#
        let expected = #"{"metadata":{"name":"p","labels":{"app":"web","new":"x"}},"spec":{"containers":[{"name":"c"}]}}"#
        #expect(try merge(pod, patch) == json(expected))
    }

    // MARK: - RFC 6902 JSON Patch, appendix A

    @Test func jsonPatchA1AddObjectMember() throws {
        let result = try jsonPatch(#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#)
        #expect(result == (try json(#"{"baz":"qux","foo":"bar"}"#)))
    }

    @Test func jsonPatchA2AddArrayElement() throws {
        let result = try jsonPatch(#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#)
        #expect(result == (try json(#"{"foo":["bar","qux","baz"]}"#)))
    }

    @Test func jsonPatchA3RemoveObjectMember() throws {
        let result = try jsonPatch(#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#)
        #expect(result == (try json(#"{"foo":"bar"}"#)))
    }

    @Test func jsonPatchA4RemoveArrayElement() throws {
        let result = try jsonPatch(#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#)
        #expect(result == (try json(#"{"foo":["bar","baz"]}"#)))
    }

    @Test func jsonPatchA5ReplaceValue() throws {
        let result = try jsonPatch(#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#)
        #expect(result == (try json(#"{"baz":"boo","foo":"bar"}"#)))
    }

    @Test func jsonPatchA6MoveValue() throws {
        let result = try jsonPatch(
            #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
            #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#)
        #expect(result == (try json(#"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#)))
    }

    @Test func jsonPatchA7MoveArrayElement() throws {
        let result = try jsonPatch(#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#)
        #expect(result == (try json(#"{"foo":["all","cows","eat","grass"]}"#)))
    }

    @Test func jsonPatchA8TestSuccess() throws {
        let document = #"{"baz":"qux","foo":["a",2,"c"]}"#
        let result = try jsonPatch(document, #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#)
        #expect(result == (try json(document)))
    }

    @Test func jsonPatchA9TestFailure() throws {
        let error = try jsonPatchError(#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#)
        #expect(error?.message.contains("testing value /baz failed") == true)
    }

    @Test func jsonPatchA10AddNestedMember() throws {
        let result = try jsonPatch(#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#)
        #expect(result == (try json(#"{"foo":"bar","child":{"grandchild":{}}}"#)))
    }

    @Test func jsonPatchA11IgnoresUnrecognizedMembers() throws {
        let result = try jsonPatch(#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#)
        #expect(result == (try json(#"{"foo":"bar","baz":"qux"}"#)))
    }

    @Test func jsonPatchA12AddToNonexistentTarget() throws {
        let error = try jsonPatchError(#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#)
        #expect(error?.message == #"add operation does not apply: doc is missing path: "/baz/bat": missing value"#)
    }

    @Test func jsonPatchA14EscapeOrdering() throws {
        let document = #"{"/":9,"~1":10}"#
        #expect(try jsonPatch(document, #"[{"op":"test","path":"/~01","value":10}]"#) == json(document))
    }

    @Test func jsonPatchA15ComparingStringsAndNumbers() throws {
        let error = try jsonPatchError(#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#)
        #expect(error?.message.contains("testing value /~01 failed") == true)
    }

    @Test func jsonPatchA16AddArrayValue() throws {
        let result = try jsonPatch(#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#)
        #expect(result == (try json(#"{"foo":["bar",["abc","def"]]}"#)))
    }

    // MARK: - JSON Patch: more cases and errors

    @Test func jsonPatchPointerEscapes() throws {
        let result = try jsonPatch(
            #"{"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"y"}}}"#,
            #"[{"op":"replace","path":"/metadata/labels/app.kubernetes.io~1name","value":"z"},{"op":"remove","path":"/metadata/labels/a~0b"}]"#)
        #expect(result == (try json(#"{"metadata":{"labels":{"app.kubernetes.io/name":"z"}}}"#)))
        #expect(try JSONPatch.parsePointer("/a~1b/~0c/~01") == ["a/b", "~c", "~1"])
        #expect(try JSONPatch.parsePointer("") == [])
        #expect(try JSONPatch.parsePointer("/") == [""])
    }

    @Test func jsonPatchInvalidPointers() throws {
        #expect(throws: PatchError.self) { try JSONPatch.parsePointer("a/b") }
        #expect(throws: PatchError.self) { try JSONPatch.parsePointer("/a~2") }
        #expect(throws: PatchError.self) { try JSONPatch.parsePointer("/a~") }
    }

    @Test func jsonPatchCopyAndAppend() throws {
        let result = try jsonPatch(
            #"{"spec":{"containers":[{"name":"a","image":"nginx"}]}}"#,
            #"""
            [{"op":"copy","from":"/spec/containers/0","path":"/spec/containers/-"},
             {"op":"replace","path":"/spec/containers/1/name","value":"b"},
             {"op":"add","path":"/spec/replicas","value":3}]
            """#)
        #expect(result == (try json(#"{"spec":{"replicas":3,"containers":[{"name":"a","image":"nginx"},{"name":"b","image":"nginx"}]}}"#)))
    }

    @Test func jsonPatchWholeDocument() throws {
        #expect(try jsonPatch(#"{"a":1}"#, #"[{"op":"replace","path":"","value":{"b":2}}]"#) == json(#"{"b":2}"#))
        #expect(try jsonPatch(#"{"a":1}"#, #"[{"op":"add","path":"","value":[1]}]"#) == json(#"[1]"#))
        #expect(try jsonPatch(#"{"a":1}"#, #"[{"op":"test","path":"","value":{"a":1}}]"#) == json(#"{"a":1}"#))
        #expect(try jsonPatchError(#"{"a":1}"#, #"[{"op":"remove","path":""}]"#) != nil)
    }

    @Test func jsonPatchAddAtEndIndexAndBeyond() throws {
        #expect(try jsonPatch(#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/2","value":3}]"#) == json(#"{"a":[1,2,3]}"#))
        let error = try jsonPatchError(#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/3","value":3}]"#)
        #expect(error?.message.contains("invalid index") == true)
    }

    @Test func jsonPatchRejectsBadIndices() throws {
        #expect(try jsonPatchError(#"{"a":[1,2]}"#, #"[{"op":"replace","path":"/a/01","value":3}]"#) != nil)
        #expect(try jsonPatchError(#"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/2"}]"#) != nil)
        #expect(try jsonPatchError(#"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/-"}]"#) != nil)
        #expect(try jsonPatchError(#"{"a":[1,2]}"#, #"[{"op":"replace","path":"/a/-1","value":0}]"#) != nil)
        #expect(try jsonPatchError(#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/+1","value":0}]"#) != nil)
    }

    @Test func jsonPatchRemoveMissingMember() throws {
        let error = try jsonPatchError(#"{"metadata":{"labels":{}}}"#, #"[{"op":"remove","path":"/metadata/labels/app"}]"#)
        #expect(error?.message.contains("/metadata/labels/app") == true)
    }

    @Test func jsonPatchReplaceMissingMember() throws {
        let error = try jsonPatchError(#"{"spec":{}}"#, #"[{"op":"replace","path":"/spec/replicas","value":2}]"#)
        #expect(error?.message == "replace operation does not apply: doc is missing key: /spec/replicas: missing value")
    }

    @Test func jsonPatchMoveErrors() throws {
        let intoChild = try jsonPatchError(#"{"a":{"b":{}}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#)
        #expect(intoChild?.message.contains("own child") == true)
        let missingFrom = try jsonPatchError(#"{"a":1}"#, #"[{"op":"move","from":"/x","path":"/y"}]"#)
        #expect(missingFrom?.message.contains("missing from path: /x") == true)
        #expect(try jsonPatch(#"{"a":1}"#, #"[{"op":"move","from":"/a","path":"/a"}]"#) == json(#"{"a":1}"#))
        #expect(try jsonPatch(#"{"a":1}"#, #"[{"op":"move","from":"/a","path":"/ab"}]"#) == json(#"{"ab":1}"#))
    }

    @Test func jsonPatchMalformedOperations() throws {
        #expect(try jsonPatchError(#"{}"#, #"{"op":"add","path":"/a","value":1}"#) != nil)
        #expect(try jsonPatchError(#"{}"#, #"[{"path":"/a","value":1}]"#) != nil)
        #expect(try jsonPatchError(#"{}"#, #"[{"op":"add","value":1}]"#) != nil)
        #expect(try jsonPatchError(#"{}"#, #"[{"op":"add","path":"/a"}]"#) != nil)
        #expect(try jsonPatchError(#"{}"#, #"[{"op":"copy","path":"/a"}]"#) != nil)
        let unknown = try jsonPatchError(#"{}"#, #"[{"op":"merge","path":"/a","value":1}]"#)
        #expect(unknown?.message.contains("unexpected kind: merge") == true)
    }

    @Test func jsonPatchIsAllOrNothing() throws {
        let error = try jsonPatchError(
            #"{"a":1}"#, #"[{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":1}]"#)
        #expect(error != nil)
    }

    @Test func jsonPatchTestComparesNumbersAndObjectsSemantically() throws {
        let document = #"{"n":1,"o":{"x":[1,{"y":2}],"z":null}}"#
        #expect(try jsonPatch(document, #"[{"op":"test","path":"/n","value":1.0}]"#) == json(document))
        #expect(try jsonPatch(document, #"[{"op":"test","path":"/o","value":{"z":null,"x":[1.0,{"y":2}]}}]"#) == json(document))
        #expect(try jsonPatchError(document, #"[{"op":"test","path":"/o/x","value":[{"y":2},1]}]"#) != nil)
        #expect(try jsonPatchError(document, #"[{"op":"test","path":"/missing","value":null}]"#) != nil)
    }

    // MARK: - Strategic merge patch: maps

    @Test func strategicNullDeletesLabel() throws {
        let result = try strategic(
            #"{"metadata":{"name":"p","labels":{"app":"web","tier":"fe"}}}"#,
            #"{"metadata":{"labels":{"tier":null,"track":"stable","absent":null}}}"#)
        #expect(result == (try json(#"{"metadata":{"name":"p","labels":{"app":"web","track":"stable"}}}"#)))
    }

    @Test func strategicPatchReplaceOnMap() throws {
        let result = try strategic(
            #"{"metadata":{"name":"p","labels":{"app":"web","tier":"fe"}}}"#,
            #"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#)
        #expect(result == (try json(#"{"metadata":{"name":"p","labels":{"only":"this"}}}"#)))
    }

    @Test func strategicPatchDeleteOnMap() throws {
        let result = try strategic(
            #"{"metadata":{"name":"p","annotations":{"a":"1"}},"spec":{"nodeSelector":{"disk":"ssd"}}}"#,
            #"{"spec":{"nodeSelector":{"$patch":"delete"}},"metadata":{"labels":{"$patch":"delete"}}}"#)
        #expect(result == (try json(#"{"metadata":{"name":"p","annotations":{"a":"1"}},"spec":{"nodeSelector":{}}}"#)))
    }

    @Test func strategicPatchMergeOnMapIsPlainMerge() throws {
        let result = try strategic(#"{"metadata":{"labels":{"a":"1"}}}"#, #"{"metadata":{"labels":{"$patch":"merge","b":"2"}}}"#)
        #expect(result == (try json(#"{"metadata":{"labels":{"a":"1","b":"2"}}}"#)))
    }

    @Test func strategicUnknownPatchDirective() throws {
        let error = try strategicError(#"{"metadata":{"labels":{}}}"#, #"{"metadata":{"labels":{"$patch":"bogus"}}}"#)
        #expect(error?.message.contains("unknown patch type") == true)
        #expect(error?.message.contains("metadata.labels") == true)
    }

    @Test func strategicPatchMustBeObject() throws {
        #expect(try strategicError(#"{}"#, #"[1]"#) != nil)
    }

    // MARK: - Strategic merge patch: lists of maps

    /// A pod with containers `a` (with env `A`, `B`) and `b`.
    private let twoContainers = #"""
        {"metadata":{"name":"p"},"spec":{"containers":[
          {"name":"a","image":"a:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
          {"name":"b","image":"b:1"}]}}
        """#

    @Test func strategicMergesContainerByNameKeepingOthers() throws {
        let result = try strategic(twoContainers, #"{"spec":{"containers":[{"name":"b","image":"b:2"}]}}"#)
        let expected = #"""
            {"metadata":{"name":"p"},"spec":{"containers":[
              {"name":"a","image":"a:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
              {"name":"b","image":"b:2"}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicNewListElementGoesFirstWithoutOrderDirective() throws {
        // apimachinery puts patch-only elements before the live ones when no $setElementOrder is given.
        let result = try strategic(#"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#, #"{"spec":{"containers":[{"name":"c"}]}}"#)
        #expect(result == (try json(#"{"spec":{"containers":[{"name":"c"},{"name":"a"},{"name":"b"}]}}"#)))
    }

    @Test func strategicSetElementOrderContainers() throws {
        let result = try strategic(
            twoContainers,
            #"{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a","image":"a:2"}]}}"#)
        let expected = #"""
            {"metadata":{"name":"p"},"spec":{"containers":[
              {"name":"b","image":"b:1"},
              {"name":"a","image":"a:2","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicSetElementOrderPlacesNewElement() throws {
        let result = try strategic(
            #"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"},{"name":"b"}],"containers":[{"name":"c","image":"c"}]}}"#)
        #expect(result == (try json(#"{"spec":{"containers":[{"name":"a"},{"name":"c","image":"c"},{"name":"b"}]}}"#)))
    }

    @Test func strategicSetElementOrderKeepsUnmentionedLiveElementsAfter() throws {
        let result = try strategic(
            #"{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"sidecar"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}"#)
        #expect(result == (try json(#"{"spec":{"containers":[{"name":"b"},{"name":"a"},{"name":"sidecar"}]}}"#)))
    }

    @Test func strategicSetElementOrderMismatchIsAnError() throws {
        let error = try strategicError(
            #"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b"},{"name":"a"}]}}"#)
        #expect(error?.message.contains("doesn't match $setElementOrder list") == true)
        #expect(error?.message.contains("spec.containers") == true)
    }

    @Test func strategicPatchDeleteOnContainer() throws {
        let result = try strategic(twoContainers, #"{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}"#)
        #expect(result == (try json(#"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"b","image":"b:1"}]}}"#)))
    }

    @Test func strategicPatchDeleteWithoutMergeKeyIsAnError() throws {
        let error = try strategicError(twoContainers, #"{"spec":{"containers":[{"image":"x","$patch":"delete"}]}}"#)
        #expect(error?.message.contains("does not contain declared merge key: name") == true)
    }

    @Test func strategicPatchReplaceOnList() throws {
        let result = try strategic(twoContainers, #"{"spec":{"containers":[{"$patch":"replace"},{"name":"z","image":"z:1"}]}}"#)
        #expect(result == (try json(#"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"z","image":"z:1"}]}}"#)))
    }

    @Test func strategicElementWithoutMergeKeyIsAnError() throws {
        let error = try strategicError(twoContainers, #"{"spec":{"containers":[{"image":"x"}]}}"#)
        #expect(error?.message.contains("does not contain declared merge key: name") == true)
        #expect(error?.message.contains("spec.containers") == true)
    }

    @Test func strategicEnvMergedByName() throws {
        let result = try strategic(
            twoContainers,
            #"""
            {"spec":{"containers":[{"name":"a","env":[
              {"name":"B","value":null,"valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
              {"name":"C","value":"3"}]}]}}
            """#)
        let expected = #"""
            {"metadata":{"name":"p"},"spec":{"containers":[
              {"name":"a","image":"a:1","env":[{"name":"A","value":"1"},
                {"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"C","value":"3"}]},
              {"name":"b","image":"b:1"}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicKubectlApplyStyleEnvChange() throws {
        // What `kubectl apply` sends when env var B is removed from container a and D is added at the end.
        let result = try strategic(
            twoContainers,
            #"""
            {"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
              "containers":[{"name":"a","$setElementOrder/env":[{"name":"A"},{"name":"D"}],
                "env":[{"name":"D","value":"4"},{"$patch":"delete","name":"B"}]}]}}
            """#)
        let expected = #"""
            {"metadata":{"name":"p"},"spec":{"containers":[
              {"name":"a","image":"a:1","env":[{"name":"A","value":"1"},{"name":"D","value":"4"}]},
              {"name":"b","image":"b:1"}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicServicePortsMergedByPort() throws {
        let service = #"""
            {"spec":{"type":"ClusterIP","ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},
              {"name":"https","port":443,"targetPort":8443,"protocol":"TCP"}]}}
            """#
        let result = try strategic(service, #"{"spec":{"ports":[{"port":443,"targetPort":9443}]}}"#, kind: "Service")
        let expected = #"""
            {"spec":{"type":"ClusterIP","ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},
              {"name":"https","port":443,"targetPort":9443,"protocol":"TCP"}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicContainerPortsMergedByContainerPort() throws {
        let result = try strategic(
            #"{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"},{"containerPort":9090}]}]}}"#,
            #"{"spec":{"containers":[{"name":"a","ports":[{"containerPort":9090.0,"name":"metrics"}]}]}}"#)
        let expected = #"""
            {"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"},{"containerPort":9090.0,"name":"metrics"}]}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicDeploymentTemplateUsesPodSpecRules() throws {
        let deployment = #"""
            {"spec":{"replicas":1,"template":{"metadata":{"labels":{"app":"w"}},"spec":{
              "containers":[{"name":"web","image":"w:1","volumeMounts":[{"name":"data","mountPath":"/data"}]},{"name":"log"}],
              "tolerations":[{"key":"a","operator":"Exists"}]}}}}
            """#
        let patch = #"""
            {"spec":{"replicas":3,"template":{"spec":{
              "containers":[{"name":"web","image":"w:2","volumeMounts":[{"name":"cache","mountPath":"/cache"}]}],
              "tolerations":[{"key":"b","operator":"Exists"}]}}}}
            """#
        let expected = #"""
            {"spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"w"}},"spec":{
              "containers":[{"name":"web","image":"w:2",
                "volumeMounts":[{"name":"cache","mountPath":"/cache"},{"name":"data","mountPath":"/data"}]},{"name":"log"}],
              "tolerations":[{"key":"b","operator":"Exists"}]}}}}
            """#
        #expect(try strategic(deployment, patch, group: "apps", kind: "Deployment") == json(expected))
    }

    @Test func strategicStatusConditionsMergedByType() throws {
        let result = try strategic(
            #"{"status":{"conditions":[{"type":"Available","status":"False"},{"type":"Progressing","status":"True"}]}}"#,
            #"{"status":{"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"}]}}"#,
            group: "apps", kind: "Deployment")
        let expected = #"""
            {"status":{"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},
              {"type":"Progressing","status":"True"}]}}
            """#
        #expect(result == (try json(expected)))
    }

    @Test func strategicOwnerReferencesMergedByUID() throws {
        let result = try strategic(
            #"{"metadata":{"ownerReferences":[{"uid":"1","kind":"ReplicaSet","name":"rs"}]}}"#,
            #"{"metadata":{"ownerReferences":[{"uid":"1","controller":true},{"uid":"2","kind":"Job","name":"j"}]}}"#)
        let expected = #"""
            {"metadata":{"ownerReferences":[{"uid":"1","kind":"ReplicaSet","name":"rs","controller":true},
              {"uid":"2","kind":"Job","name":"j"}]}}
            """#
        #expect(result == (try json(expected)))
    }

    // MARK: - Strategic merge patch: replaced lists

    @Test func strategicUntaggedListsAreReplaced() throws {
        let role = #"""
            {"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]},
              {"apiGroups":["apps"],"resources":["deployments"],"verbs":["list"]}]}
            """#
        let patch = #"{"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}"#
        let result = try strategic(role, patch, group: "rbac.authorization.k8s.io", kind: "Role")
        #expect(result == (try json(patch)))

        let endpoints = #"{"subsets":[{"addresses":[{"ip":"10.0.0.1"}]}]}"#
        let endpointsPatch = #"{"subsets":[{"addresses":[{"ip":"10.0.0.2","hostname":null}]}]}"#
        #expect(try strategic(endpoints, endpointsPatch, kind: "Endpoints") == json(#"{"subsets":[{"addresses":[{"ip":"10.0.0.2"}]}]}"#))
    }

    @Test func strategicListOfPrimitivesWithoutStrategyIsReplaced() throws {
        let result = try strategic(
            #"{"spec":{"containers":[{"name":"a","args":["x","y"]}]}}"#, #"{"spec":{"containers":[{"name":"a","args":["z"]}]}}"#)
        #expect(result == (try json(#"{"spec":{"containers":[{"name":"a","args":["z"]}]}}"#)))
    }

    @Test func strategicPatchMergeElementForcesMerge() throws {
        let result = try strategic(
            #"{"spec":{"containers":[{"name":"a","args":["x","y"]}]}}"#,
            #"{"spec":{"containers":[{"name":"a","args":[{"$patch":"merge"},"z","y"]}]}}"#)
        #expect(result == (try json(#"{"spec":{"containers":[{"name":"a","args":["z","x","y"]}]}}"#)))
        let error = try strategicError(
            #"{"spec":{"tolerations":[{"key":"a"}]}}"#, #"{"spec":{"tolerations":[{"$patch":"merge"},{"key":"b"}]}}"#)
        #expect(error?.message.contains("cannot merge lists without merge key") == true)
    }

    // MARK: - Strategic merge patch: primitive lists

    @Test func strategicFinalizersUnion() throws {
        let result = try strategic(#"{"metadata":{"finalizers":["a","b"]}}"#, #"{"metadata":{"finalizers":["b","c"]}}"#)
        #expect(result == (try json(#"{"metadata":{"finalizers":["a","b","c"]}}"#)))
        let prepended = try strategic(#"{"metadata":{"finalizers":["a"]}}"#, #"{"metadata":{"finalizers":["z"]}}"#)
        #expect(prepended == (try json(#"{"metadata":{"finalizers":["z","a"]}}"#)))
    }

    @Test func strategicDeleteFromPrimitiveListFinalizers() throws {
        let result = try strategic(
            #"{"metadata":{"name":"p","finalizers":["a","b","c"]}}"#, #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","x"]}}"#)
        #expect(result == (try json(#"{"metadata":{"name":"p","finalizers":["a","c"]}}"#)))
        let absent = try strategic(#"{"metadata":{"name":"p"}}"#, #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"#)
        #expect(absent == (try json(#"{"metadata":{"name":"p"}}"#)))
    }

    @Test func strategicFinalizersWithOrderAndDeletion() throws {
        // kubectl apply: finalizers go from [a, b] to [a, c].
        let result = try strategic(
            #"{"metadata":{"finalizers":["a","b"]}}"#,
            #"""
            {"metadata":{"$setElementOrder/finalizers":["a","c"],"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["c"]}}
            """#)
        #expect(result == (try json(#"{"metadata":{"finalizers":["a","c"]}}"#)))
    }

    @Test func strategicMalformedDeleteFromPrimitiveList() throws {
        #expect(try strategicError(#"{"metadata":{}}"#, #"{"metadata":{"$deleteFromPrimitiveList":["b"]}}"#) != nil)
        #expect(try strategicError(#"{"metadata":{"finalizers":["a"]}}"#, #"{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}"#) != nil)
    }

    // MARK: - Strategic merge patch: $retainKeys

    @Test func strategicRetainKeysOnDeploymentStrategy() throws {
        let deployment = #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}"#
        let patch = #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#
        let result = try strategic(deployment, patch, group: "apps", kind: "Deployment")
        #expect(result == (try json(#"{"spec":{"strategy":{"type":"Recreate"}}}"#)))
    }

    @Test func strategicRetainKeysRejectsUnlistedPatchKey() throws {
        let error = try strategicError(
            #"{"spec":{"strategy":{"type":"RollingUpdate"}}}"#,
            #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"RollingUpdate","rollingUpdate":{"maxSurge":2}}}}"#,
            group: "apps", kind: "Deployment")
        #expect(error?.message.contains("invalid patch format of retainKeys") == true)
        #expect(error?.message.contains("spec.strategy") == true)
    }

    @Test func strategicRetainKeysOnVolumeElement() throws {
        // kubectl apply switching volume "data" from emptyDir to a configMap.
        let result = try strategic(
            #"{"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"other","emptyDir":{}}]}}"#,
            #"""
            {"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"other"}],
              "volumes":[{"$retainKeys":["configMap","name"],"name":"data","configMap":{"name":"cm"},"emptyDir":null}]}}
            """#)
        #expect(result == (try json(#"{"spec":{"volumes":[{"name":"data","configMap":{"name":"cm"}},{"name":"other","emptyDir":{}}]}}"#)))
    }

    // MARK: - Strategic merge patch: new values and schema table

    @Test func strategicNewFieldsAreCleanedOfDirectivesAndNulls() throws {
        let result = try strategic(
            #"{"metadata":{"name":"p"}}"#,
            #"""
            {"metadata":{"labels":{"a":"1","b":null}},
             "spec":{"containers":[{"name":"a","image":"x","args":null},{"name":"gone","$patch":"delete"}],
                     "nodeSelector":{"$patch":"delete"}}}
            """#)
        #expect(result == (try json(#"{"metadata":{"name":"p","labels":{"a":"1"}},"spec":{"containers":[{"name":"a","image":"x"}]}}"#)))
    }

    @Test func strategicTopLevelNullOriginal() throws {
        let result = try strategic("null", #"{"metadata":{"name":"x"}}"#, kind: "ConfigMap")
        #expect(result == (try json(#"{"metadata":{"name":"x"}}"#)))
    }

    @Test func patchSchemaTable() throws {
        let deployment = try #require(StrategicMergePatch.patchSchema(group: "apps", kind: "Deployment"))
        #expect(deployment.field(at: ["spec", "template", "spec", "containers"])?.mergeKey == "name")
        #expect(deployment.field(at: ["spec", "template", "spec", "containers", "env"])?.mergeKey == "name")
        #expect(deployment.field(at: ["spec", "template", "spec", "containers", "volumeMounts"])?.mergeKey == "mountPath")
        #expect(deployment.field(at: ["spec", "template", "metadata", "finalizers"])?.strategy == .merge)
        #expect(deployment.field(at: ["spec", "strategy"])?.retainKeys == true)
        #expect(deployment.field(at: ["status", "conditions"])?.mergeKey == "type")
        #expect(deployment.field(at: ["spec", "template", "spec", "tolerations"]) == nil)

        let pod = try #require(StrategicMergePatch.patchSchema(group: "", kind: "Pod"))
        #expect(pod.field(at: ["spec", "hostAliases"])?.mergeKey == "ip")
        #expect(pod.field(at: ["spec", "volumes"])?.retainKeys == true)
        #expect(pod.field(at: ["spec", "initContainers", "ports"])?.mergeKey == "containerPort")
        #expect(pod.field(at: ["spec", "ephemeralContainers", "volumeDevices"])?.mergeKey == "devicePath")
        #expect(pod.field(at: ["metadata", "ownerReferences"])?.mergeKey == "uid")
        #expect(pod.field(at: ["status", "conditions"])?.mergeKey == "type")

        #expect(StrategicMergePatch.patchSchema(group: "", kind: "Service")?.field(at: ["spec", "ports"])?.mergeKey == "port")
        #expect(StrategicMergePatch.patchSchema(group: "", kind: "ServiceAccount")?.field(at: ["secrets"])?.mergeKey == "name")
        #expect(StrategicMergePatch.patchSchema(group: "", kind: "Endpoints")?.field(at: ["subsets"]) == nil)
        #expect(StrategicMergePatch.patchSchema(group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding") != nil)

        for (group, kind) in [("", "ConfigMap"), ("", "Secret"), ("", "Namespace"), ("apps", "StatefulSet"), ("apps", "DaemonSet"),
            ("apps", "ReplicaSet"), ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "ClusterRole"),
            ("rbac.authorization.k8s.io", "RoleBinding")]
        {
            #expect(StrategicMergePatch.patchSchema(group: group, kind: kind) != nil, "\(group)/\(kind)")
        }
        #expect(StrategicMergePatch.patchSchema(group: "example.com", kind: "Widget") == nil)
        #expect(StrategicMergePatch.patchSchema(group: "", kind: "Deployment") == nil)
        #expect(StrategicMergePatch.patchSchema(group: "apps", kind: "Pod") == nil)
    }
}
