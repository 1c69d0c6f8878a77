/// Prometheus configuration files, rendered as YAML: one Prometheus per cluster scraping that cluster's telemetry,
/// and a federating one pulling both through `/federate`.
public enum PrometheusConfig {
    /// A cluster's Prometheus: scrapes its sidecars' `/metrics` endpoint(s).
    public static func scraping(cluster: String, targets: [String], interval: Int) -> String {
        """
        # Prometheus of cluster \(cluster), written by skopos.
        global:
          scrape_interval: \(interval)s
          scrape_timeout: \(max(1, min(interval, 10)))s
          evaluation_interval: \(interval)s
        scrape_configs:
          - job_name: envoy-stats
            metrics_path: /metrics
            static_configs:
              - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]

        """
    }

    /// The aggregated endpoint: federates every cluster's Istio series with their labels kept (`honor_labels`).
    public static func federating(sources: [(cluster: String, target: String)], interval: Int) -> String {
        var text = """
            # Federating Prometheus: the mesh's single metrics endpoint, written by skopos.
            global:
              scrape_interval: \(interval)s
              scrape_timeout: \(max(1, min(interval, 10)))s
              evaluation_interval: \(interval)s
            scrape_configs:

            """
        for source in sources {
            text += """
                  - job_name: federate-\(source.cluster)
                    honor_labels: true
                    metrics_path: /federate
                    params:
                      'match[]':
                        - '{__name__=~"istio_.*"}'
                    static_configs:
                      - targets: ['\(source.target)']

                """
        }
        return text
    }

    /// No scraping at all: a Prometheus that serves backfilled blocks.
    public static func empty() -> String {
        "# Serves backfilled data only, written by skopos.\nglobal:\n  evaluation_interval: 1m\nscrape_configs: []\n"
    }
}
