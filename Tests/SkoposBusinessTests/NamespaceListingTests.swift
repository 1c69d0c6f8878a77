import Testing

@testable import SkoposBusiness

@Suite struct NamespaceListingTests {
    @Test("A namespace's revision follows its injection labels as Kiali reads them")
    func revisions() {
        #expect(NamespaceListing.revision(["istio-injection": "enabled"]) == "default")
        #expect(NamespaceListing.revision(["istio-injection": "disabled", "istio.io/rev": "canary"]) == "")
        #expect(NamespaceListing.revision(["istio.io/rev": "canary"]) == "canary")
        #expect(NamespaceListing.revision([:]) == "")
    }
}
