/// The built-in scenario: the same text as `scenarios/bookinfo-multicluster.yaml` (a test keeps the two equal).
public enum DefaultScenario {
    public static let name = "built-in scenario (scenarios/bookinfo-multicluster.yaml)"

    public static let text = #"""
# The default scenario of `skopos sim` and `skopos demo`: Istio multi-primary on two networks, Bookinfo spread over
# east and west (productpage in east calls reviews in both clusters), an ingress gateway in east, and a larger
# travel agency app whose portals live in both clusters. Format: README, "Scenario files".
mesh:
  id: mesh1
  trustDomain: cluster.local
  istioVersion: 1.24.2

clusters:
  - name: east
    network: network1
  - name: west
    network: network2

namespaces:
  - name: istio-system
    injection: false
    services:
      - {name: istio-ingressgateway, app: istio-ingressgateway, port: 80, targetPort: 8080, type: LoadBalancer}
    workloads:
      - {name: istio-ingressgateway, app: istio-ingressgateway, clusters: [east], gateway: ingress, serviceAccount: istio-ingressgateway-service-account}

  - name: bookinfo
    services:
      - {name: productpage, port: 9080}
      - {name: details, port: 9080}
      - {name: reviews, port: 9080}
      - {name: ratings, port: 9080}
    workloads:
      - {name: productpage-v1, app: productpage, version: v1, clusters: [east], serviceAccount: bookinfo-productpage}
      - {name: details-v1, app: details, version: v1, clusters: [east], serviceAccount: bookinfo-details}
      - {name: reviews-v1, app: reviews, version: v1, clusters: [east], serviceAccount: bookinfo-reviews}
      - {name: reviews-v2, app: reviews, version: v2, clusters: [east, west], serviceAccount: bookinfo-reviews}
      - {name: reviews-v3, app: reviews, version: v3, clusters: [west], serviceAccount: bookinfo-reviews}
      - {name: ratings-v1, app: ratings, version: v1, clusters: [east, west], serviceAccount: bookinfo-ratings}

  - name: travel-portal
    services:
      - {name: voyages, port: 8000}
      - {name: viaggi, port: 8000}
      - {name: travels, port: 8000}
    workloads:
      - {name: voyages-v1, app: voyages, version: v1, clusters: [east]}
      - {name: viaggi-v1, app: viaggi, version: v1, clusters: [west]}
      - {name: travels-v1, app: travels, version: v1, clusters: [east, west]}

  - name: travel-agency
    services:
      - {name: travels, port: 8000}
      - {name: hotels, port: 8000}
      - {name: cars, port: 8000}
      - {name: flights, port: 8000}
      - {name: insurances, port: 8000}
      - {name: discounts, port: 8000, protocol: grpc}
      - {name: mysqldb, port: 3306, protocol: tcp}
    workloads:
      - {name: travels-v1, app: travels, version: v1, clusters: [east, west], replicas: 2}
      - {name: hotels-v1, app: hotels, version: v1, clusters: [east]}
      - {name: hotels-v2, app: hotels, version: v2, clusters: [west]}
      - {name: cars-v1, app: cars, version: v1, clusters: [west]}
      - {name: flights-v1, app: flights, version: v1, clusters: [east]}
      - {name: flights-v2, app: flights, version: v2, clusters: [west]}
      - {name: insurances-v1, app: insurances, version: v1, clusters: [east]}
      - {name: discounts-v1, app: discounts, version: v1, clusters: [east, west]}
      - {name: mysqldb-v1, app: mysqldb, version: v1, clusters: [east]}

traffic:
  # Bookinfo: every productpage request calls details and reviews; reviews v2 and v3 call ratings.
  - {from: east/istio-system/istio-ingressgateway, to: productpage.bookinfo, rate: 8, latency: 45ms, responseBytes: 5000}
  - {from: bookinfo/productpage-v1, to: details.bookinfo, rate: 8, latency: 5ms, errors: {"503": 0.05}}
  - {from: bookinfo/productpage-v1, to: reviews.bookinfo, rate: 8, latency: 25ms}
  - {from: bookinfo/reviews-v2, to: ratings.bookinfo, rate: 2, latency: 4ms}
  - {from: bookinfo/reviews-v3, to: ratings.bookinfo, rate: 2, latency: 4ms}

  # Travels: the portals in both clusters call the agency, which fans out; bookings land in one database.
  - {from: travel-portal/voyages-v1, to: travels.travel-agency, rate: 4, latency: 60ms}
  - {from: travel-portal/viaggi-v1, to: travels.travel-agency, rate: 4, latency: 60ms}
  - {from: travel-portal/travels-v1, to: travels.travel-agency, rate: 2, latency: 60ms, locality: local}
  - {from: travel-agency/travels-v1, to: hotels.travel-agency, rate: 2, latency: 15ms}
  - {from: travel-agency/travels-v1, to: cars.travel-agency, rate: 2, latency: 12ms}
  - {from: travel-agency/travels-v1, to: flights.travel-agency, rate: 2, latency: 20ms, split: {flights-v1: 1, flights-v2: 1}}
  - {from: travel-agency/travels-v1, to: insurances.travel-agency, rate: 1, latency: 10ms, errors: {"500": 0.2}}
  - {from: travel-agency/travels-v1, to: discounts.travel-agency, rate: 2, latency: 3ms, errors: {"14": 0.1}}
  - {from: travel-agency/hotels-v1, to: mysqldb.travel-agency, rate: 1, requestBytes: 300, responseBytes: 1200}
  - {from: travel-agency/hotels-v2, to: mysqldb.travel-agency, rate: 1, requestBytes: 300, responseBytes: 1200}
  - {from: travel-agency/flights-v1, to: mysqldb.travel-agency, rate: 1, requestBytes: 300, responseBytes: 800}
  - {from: travel-agency/flights-v2, to: mysqldb.travel-agency, rate: 1, requestBytes: 300, responseBytes: 800}
"""#

    /// The parsed built-in scenario.
    public static func load() -> Scenario {
        // The text is checked by the tests, so it always parses.
        try! ScenarioParser.parse(text + "\n", file: name)
    }
}
