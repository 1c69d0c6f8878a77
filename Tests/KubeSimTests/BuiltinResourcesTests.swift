import KubeTypes
import Testing

@testable import KubeSim

/// The simulator serves every kind the console caches exactly as KubeTypes' kind catalogue describes it.
@Suite struct BuiltinResourcesTests {
    @Test func everyCachedKindIsServedAsTheCatalogueDescribesIt() {
        let catalog = ResourceCatalog.build(builtins: BuiltinResources.kubernetes, crds: PreloadedCRDs.all)
        for kind in KindCatalog.cached.map(\.resource) {
            let type = catalog.lookup(group: kind.group, version: kind.version, resource: kind.resource)
            #expect(type != nil, "\(kind) is not served")
            #expect(type?.kind == kind.kind, "\(kind)")
            #expect(type?.namespaced == kind.namespaced, "\(kind)")
        }
    }

    @Test func coreAndAppsKindsComeFromTheCatalogue() {
        let builtins = Dictionary(BuiltinResources.kubernetes.map { ($0.groupResource, $0) }, uniquingKeysWith: { a, _ in a })
        for kind in KindCatalog.cached.map(\.resource) where kind.group.isEmpty || kind.group == "apps" {
            let type = builtins[GroupResource(kind)]
            #expect(type?.versions == [kind.version] && type?.storageVersion == kind.version, "\(kind)")
            #expect(type?.singular == kind.kind.lowercased(), "\(kind)")
            #expect(type?.isCustom == false, "\(kind)")
        }
    }
}
