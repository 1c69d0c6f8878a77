import KubeTypes
import SkoposModel

/// The `labelSelector` and `fieldSelector` of a list, watch or deletecollection request, checked against the kind.
struct Selection: Sendable {
    var labels: LabelQuery
    var fields: FieldSelector

    init(request: APIRequest, type: ResourceType) throws(APIError) {
        do {
            labels = try LabelQuery.parse(request.query["labelSelector"] ?? "")
        } catch {
            throw APIError.badRequest(error.message.hasPrefix("unable to parse") ? error.message : "unable to parse requirement: \(error.message)")
        }
        do {
            fields = try FieldSelector.parse(request.query["fieldSelector"] ?? "").validated(group: type.group, kind: type.kind)
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    func matches(_ stored: StoredObject) -> Bool {
        matches(stored.object)
    }

    func matches(_ object: JSONValue) -> Bool {
        (labels.isEverything || labels.matches(object: object)) && (fields.isEverything || fields.matches(object))
    }

    /// A `metav1.LabelSelector` as selector text (`app=web,tier in (a,b)`), as a Scale's `status.selector` shows it.
    static func selectorString(_ selector: JSONValue?) -> String {
        guard let selector else { return "" }
        return (try? LabelQuery(labelSelectorJSON: selector))?.description ?? ""
    }
}
