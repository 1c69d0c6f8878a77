import Foundation
import KubeClient
import KubeTypes
import SimTestSupport
import SkoposModel
import Testing

@testable import SkoposWeb

/// Kiali's `config.yaml` (backend.md §3): defaults, merging, warnings, validation, and the start-up helpers of
/// `skopos serve` (mount root, bind address, credentials, access scope).
@Suite struct ConfigTests {
    static let source = "/kiali-configuration/config.yaml"
    static let key32 = "0123456789abcdef0123456789abcdef"

    static func load(_ yaml: String) throws(ConfigError) -> LoadedConfig {
        try KialiConfig.load(yaml: yaml, source: source)
    }

    /// The error loading `yaml` throws; fails the test when it loads.
    static func failure(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
        do {
            let loaded = try load(yaml)
            Issue.record("expected an error, loaded with warnings \(loaded.warnings)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Defaults

    @Test func defaultsAreKialis() {
        let c = KialiConfig()
        #expect(c.server.address == "")
        #expect(c.server.port == 20001)
        #expect(c.server.webRoot == "/")
        #expect(c.server.webFQDN == "" && c.server.webPort == "" && c.server.webSchema == "")
        #expect(c.server.webHistoryMode == .browser)
        #expect(c.server.gzipEnabled && !c.server.corsAllowAll && c.server.auditLog && !c.server.requireAuth)
        #expect(c.server.writeTimeout == .seconds(30))
        #expect(c.server.observability.metrics.enabled && c.server.observability.metrics.port == 9090)
        #expect(!c.server.observability.tracing.enabled)
        #expect(!c.server.strictQueryParams)
        #expect(c.identity.certFile == "" && c.identity.privateKeyFile == "" && !c.identity.servesHTTPS)
        #expect(c.auth.strategy == .token)
        #expect(!c.auth.openshift.insecureSkipVerifyTLS)
        #expect(c.auth.openid.scopes == ["openid", "profile", "email"] && c.auth.openid.usernameClaim == "sub")
        #expect(c.loginToken.signingKey == ConfigCredential("kiali", overrideName: "login-token-signing-key"))
        #expect(c.loginToken.expirationSeconds == 86400)
        #expect(c.deployment.instanceName == "kiali" && c.deployment.namespace == "istio-system")
        #expect(c.deployment.clusterWideAccess && !c.deployment.viewOnlyMode)
        #expect(c.deployment.discoverySelectors.default.isEmpty && c.deployment.discoverySelectors.overrides.isEmpty)
        #expect(c.deployment.tlsConfig.source == .config && c.deployment.tlsConfig.minVersion == nil)
        #expect(c.kubernetesConfig.clusterName == "" && c.kubernetesConfig.qps == 175 && c.kubernetesConfig.burst == 200)
        #expect(c.kubernetesConfig.cacheTokenNamespaceDuration == .seconds(10))
        #expect(c.kubernetesConfig.excludedWorkloads == ["CronJob", "DeploymentConfig", "Job", "ReplicationController"])
        #expect(c.clustering.clusters.isEmpty && c.clustering.kialiURLs.isEmpty)
        #expect(!c.clustering.ignoreHomeCluster && !c.clustering.enableExecProvider)
        let prometheus = c.externalServices.prometheus
        #expect(prometheus.enabled && prometheus.url == "http://prometheus.istio-system:9090")
        #expect(prometheus.auth.type == .none && prometheus.auth.password.overrideName == "prometheus-password")
        #expect(prometheus.customHeaders.isEmpty && prometheus.queryScope.isEmpty && !prometheus.isCore)
        #expect(prometheus.cacheEnabled && prometheus.cacheDuration == .seconds(7) && prometheus.cacheExpiration == .seconds(300))
        #expect(prometheus.thanosProxy == .init() && prometheus.thanosProxy.retentionPeriod == "7d")
        #expect(prometheus.thanosProxy.scrapeInterval == "30s" && !prometheus.thanosProxy.enabled)
        let tracing = c.externalServices.tracing
        #expect(!tracing.enabled && tracing.provider == .jaeger && tracing.useGRPC && tracing.grpcPort == 9095)
        #expect(tracing.internalURL == "http://tracing.istio-system:16685/jaeger" && tracing.externalURL == "")
        #expect(c.externalServices.grafana.enabled && c.externalServices.grafana.internalURL == "http://grafana.istio-system:3000")
        #expect(c.externalServices.istio.componentStatusEnabled && c.externalServices.istio.istioAPIEnabled)
        #expect(c.externalServices.istio.istioIdentityDomain == "" && c.externalServices.istio.validationReconcileInterval == .seconds(60))
        #expect(c.externalServices.customDashboards.prometheus.url == "")
        #expect(c.externalServices.customDashboards.prometheus.auth.token.overrideName == "customdashboards-prometheus-token")
        let graphCache = c.kialiInternal.graphCache
        #expect(graphCache.enabled && graphCache.refreshInterval == .seconds(60))
        #expect(graphCache.inactivityTimeout == .seconds(600) && graphCache.maxCacheMemoryMB == 1000)
        #expect(c.kialiInternal.cacheExpiration.mesh == .seconds(20) && c.kialiInternal.metricLogDurationLimit == .seconds(3))
        #expect(c.kialiFeatureFlags.tracingLimit == 100 && c.kialiFeatureFlags.disabledFeatures.isEmpty)
        #expect(c.unmodelled.isEmpty)
    }

    @Test func anEmptyDocumentIsAllDefaultsButFailsTheSigningKeyCheckAsKialiDoes() throws {
        // Kiali's default signing key "kiali" is 5 bytes: with the default strategy (token) start-up stops.
        for empty in ["", "# nothing here\n", "---\n"] {
            let error = try #require(Self.failure(empty))
            #expect(error.keyPath == "login_token.signing_key")
            #expect(error.description.contains("must be 16, 24 or 32 bytes long"))
            #expect(error.description.contains("it is 5 bytes"))
        }
        // With the key set, the empty rest is exactly the defaults.
        let loaded = try Self.load("login_token:\n  signing_key: \(Self.key32)\n")
        var expected = KialiConfig()
        expected.loginToken.signingKey = ConfigCredential(Self.key32, overrideName: "login-token-signing-key")
        #expect(loaded.config == expected)
        #expect(loaded.warnings.isEmpty)
        // Anonymous needs no key.
        var anonymous = KialiConfig()
        anonymous.auth.strategy = .anonymous
        #expect(try Self.load("auth:\n  strategy: anonymous\n").config == anonymous)
    }

    @Test func fileValuesMergeOverDefaultsAndListsReplaceThem() throws {
        let loaded = try Self.load(
            """
            auth: {strategy: anonymous}
            server:
              port: 8080
              write_timeout: 1m
            kubernetes_config:
              excluded_workloads: [Job]
              cluster_name: ~
            external_services:
              prometheus:
                query_scope: {mesh_id: mesh-1}
                thanos_proxy: {enabled: true}
            """
        )
        let c = loaded.config
        #expect(c.server.port == 8080 && c.server.webRoot == "/" && c.server.writeTimeout == .seconds(60))
        #expect(c.kubernetesConfig.excludedWorkloads == ["Job"] && c.kubernetesConfig.clusterName == "")
        #expect(c.kubernetesConfig.qps == 175)
        #expect(c.externalServices.prometheus.queryScope == ["mesh_id": "mesh-1"])
        #expect(c.externalServices.prometheus.thanosProxy.enabled && c.externalServices.prometheus.thanosProxy.retentionPeriod == "7d")
        #expect(c.externalServices.prometheus.url == "http://prometheus.istio-system:9090")
        #expect(loaded.warnings.isEmpty)
    }

    @Test func anchorsAndMergeKeysAreResolved() throws {
        let loaded = try Self.load(
            """
            auth: {strategy: anonymous}
            external_services:
              prometheus:
                custom_headers: &headers
                  X-Scope-OrgID: mesh
                auth: &auth
                  type: bearer
                  use_kiali_token: true
              tracing:
                custom_headers: *headers
                auth:
                  <<: *auth
                  type: none
                  insecure_skip_verify: true
            """
        )
        let services = loaded.config.externalServices
        #expect(services.tracing.customHeaders == ["X-Scope-OrgID": "mesh"])
        #expect(services.tracing.auth.type == .none && services.tracing.auth.useKialiToken && services.tracing.auth.insecureSkipVerify)
        #expect(services.prometheus.auth.type == .bearer)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func aDocumentThatIsNotAMapIsRefused() throws {
        let error = try #require(Self.failure("- server\n- auth\n"))
        #expect(error.description == "the document: expected a map, got a list (\(Self.source))")
    }

    // MARK: An operator-rendered configuration

    /// What the Kiali operator renders into ConfigMap `kiali` (`to_nice_yaml` of the merged CR: sorted keys, every
    /// group present), for a Kubernetes install with anonymous access.
    static let operatorRendered = """
        additional_display_details:
        - annotation: kiali.io/api-spec
          icon_annotation: kiali.io/api-type
          title: API Documentation
        auth:
          openid:
            additional_request_params: {}
            allowed_domains: []
            api_proxy: ''
            api_proxy_ca_data: ''
            api_token: id_token
            authentication_timeout: 300
            authorization_endpoint: ''
            client_id: ''
            disable_rbac: false
            discovery_override:
              authorization_endpoint: ''
              jwks_uri: ''
              token_endpoint: ''
              userinfo_endpoint: ''
            http_proxy: ''
            https_proxy: ''
            insecure_skip_verify_tls: false
            issuer_uri: ''
            scopes:
            - openid
            - profile
            - email
            username_claim: sub
          openshift: {}
          strategy: anonymous
        clustering:
          autodetect_secrets:
            enabled: true
            label: kiali.io/multiCluster=true
          clusters: []
          enable_exec_provider: false
          ignore_home_cluster: false
          kiali_urls: []
        custom_dashboards: []
        deployment:
          additional_pod_containers_yaml: []
          additional_pod_init_containers_yaml: []
          affinity:
            node: {}
            pod: {}
            pod_anti: {}
          cluster_wide_access: true
          configmap_annotations: {}
          custom_envs: []
          custom_secrets: []
          discovery_selectors: {}
          dns:
            config: {}
            policy: ''
          extra_labels: {}
          host_aliases: []
          hpa:
            api_version: autoscaling/v2
            spec: {}
          image_digest: ''
          image_name: quay.io/kiali/kiali
          image_pull_policy: IfNotPresent
          image_pull_secrets: []
          image_version: v2.17
          ingress:
            additional_labels: {}
            class_name: nginx
            enabled: false
            override_yaml:
              metadata: {}
          instance_name: kiali
          logger:
            log_format: text
            log_level: info
            sampler_rate: '1'
            time_field_format: '2006-01-02T15:04:05Z07:00'
          namespace: istio-system
          network_policy:
            enabled: true
          node_selector: {}
          pod_annotations:
            proxy.istio.io/config: '{ "holdApplicationUntilProxyStarts": true }'
          pod_disruption_budget:
            api_version: policy/v1
            spec: {}
          pod_labels: {}
          priority_class_name: ''
          probes:
            liveness:
              initial_delay_seconds: 5
              period_seconds: 30
            readiness:
              initial_delay_seconds: 5
              period_seconds: 30
            startup:
              failure_threshold: 6
              initial_delay_seconds: 30
              period_seconds: 10
          remote_cluster_resources_only: false
          replicas: 1
          resources:
            limits:
              memory: 1Gi
            requests:
              cpu: 10m
              memory: 64Mi
          secret_name: kiali
          security_context: {}
          service_annotations: {}
          service_type: ''
          strategy: {}
          tls_config:
            source: config
          tolerations: []
          topology_spread_constraints: []
          version_label: v2.17
          view_only_mode: false
        extensions: []
        external_services:
          custom_dashboards:
            discovery_auto_threshold: 10
            discovery_enabled: auto
            enabled: true
            is_core: false
            namespace_label: namespace
            prometheus:
              auth:
                insecure_skip_verify: false
                password: ''
                token: ''
                type: none
                use_kiali_token: false
                username: ''
              cache_duration: 7
              cache_enabled: true
              cache_expiration: 300
              health_check_url: ''
              is_core: true
              thanos_proxy:
                enabled: false
                retention_period: 7d
                scrape_interval: 30s
              url: ''
          grafana:
            auth:
              insecure_skip_verify: false
              password: ''
              token: ''
              type: none
              use_kiali_token: false
              username: ''
            dashboards:
            - name: Istio Service Dashboard
              variables:
                datasource: var-datasource
                namespace: var-namespace
                service: var-service
                version: var-version
            - name: Istio Mesh Dashboard
            datasource_uid: ''
            enabled: true
            external_url: ''
            health_check_url: ''
            internal_url: http://grafana.istio-system:3000
            is_core: false
          istio:
            component_status:
              components: []
              enabled: true
            gateway_api_classes: []
            gateway_api_classes_label_selector: ''
            istio_api_enabled: true
            istio_identity_domain: svc.cluster.local
            istiod_polling_interval_seconds: 20
            validation_change_detection_enabled: true
            validation_reconcile_interval: 1m
          perses:
            auth:
              insecure_skip_verify: false
              type: none
            enabled: false
            is_core: false
            project: istio
            url_format: ''
          prometheus:
            auth:
              insecure_skip_verify: false
              password: ''
              token: ''
              type: none
              use_kiali_token: false
              username: ''
            cache_duration: 7
            cache_enabled: true
            cache_expiration: 300
            custom_headers: {}
            health_check_url: ''
            is_core: true
            query_scope: {}
            thanos_proxy:
              enabled: false
              retention_period: 7d
              scrape_interval: 30s
            url: http://prometheus.istio-system:9090
          tracing:
            auth:
              insecure_skip_verify: false
              password: ''
              token: ''
              type: none
              use_kiali_token: false
              username: ''
            custom_headers: {}
            disable_version_check: false
            enabled: false
            external_url: ''
            grpc_port: 9095
            health_check_url: ''
            internal_url: http://tracing.istio-system:16685/jaeger
            is_core: false
            namespace_selector: true
            provider: jaeger
            query_scope: {}
            query_timeout: 5
            tempo_config:
              cache_capacity: 200
              cache_enabled: true
              datasource_uid: ''
              org_id: ''
              url_format: grafana
            use_grpc: true
            use_waypoint_name: false
            whitelist_istio_system:
            - jaeger-query
            - istio-ingressgateway
        health_config:
          compute:
            duration: 5m
            refresh_interval: 3m
            timeout: 10m
          rate: []
        identity:
          cert_file: /kiali-cert/tls.crt
          private_key_file: /kiali-cert/tls.key
        installation_tag: ''
        istio_labels:
          app_label_name: ''
          injection_label_name: istio-injection
          injection_label_rev: istio.io/rev
          version_label_name: ''
        kiali_feature_flags:
          authz:
            require_namespace_get: false
          certificates_information_indicators:
            enabled: true
          clustering:
            enable_exec_provider: false
          custom_workload_types: []
          disabled_features: []
          istio_annotation_action: true
          istio_injection_action: true
          istio_upgrade_action: false
          ui_defaults:
            graph:
              find_options:
              - description: 'Find: slow edges (> 1s)'
                expression: rt > 1000
              settings:
                animation: point
              traffic:
                ambient: total
                grpc: requests
                http: requests
                tcp: sent
            i18n:
              language: en
              show_selector: false
            list:
              include_health: true
              include_istio_resources: true
              include_validations: true
              show_include_toggles: false
            metrics_per_refresh: 1m
            namespaces: []
            refresh_interval: 1m
            tracing:
              limit: 100
          validations:
            ignore:
            - KIA1301
            skip_wildcard_gateway_hosts: false
        kiali_internal:
          cache_expiration:
            ambient_check: 10m
            gateway: 4m
            istio_status: 30s
            mesh: 20s
            waypoint: 4m
            ztunnel_config: 2m
          graph_cache:
            enabled: true
            inactivity_timeout: 10m
            max_cache_memory_mb: 500
            refresh_interval: 30s
          health_cache:
            enabled: true
          metric_log_duration_limit: 3s
        kubernetes_config:
          burst: 200
          cache_duration: 300
          cache_token_namespace_duration: 10
          cluster_name: east
          excluded_workloads:
          - CronJob
          - DeploymentConfig
          - Job
          - ReplicationController
          qps: 175
        login_token:
          expiration_seconds: 86400
          signing_key: secret:kiali-signing-key:key
        server:
          address: ''
          audit_log: true
          cors_allow_all: false
          gzip_enabled: true
          observability:
            metrics:
              enabled: true
              health_status:
                enabled: false
                max_consecutive_na: 3
              port: 9191
            tracing:
              collector_type: otel
              collector_url: jaeger-collector.istio-system:4318
              enabled: false
              otel:
                ca_name: ''
                protocol: http
                skip_verify: false
                tls_enabled: false
              sampling_rate: 0.5
          port: 20001
          profiler:
            enabled: false
          require_auth: false
          web_fqdn: ''
          web_history_mode: browser
          web_port: ''
          web_root: /kiali
          web_schema: ''
          write_timeout: 30
        version: default
        """

    @Test func anOperatorRenderedConfigLoadsWithoutWarnings() throws {
        let loaded = try Self.load(Self.operatorRendered)
        #expect(loaded.warnings == [])
        let c = loaded.config
        #expect(c.auth.strategy == .anonymous)
        #expect(c.deployment.namespace == "istio-system" && c.deployment.clusterWideAccess)
        #expect(c.externalServices.prometheus.url == "http://prometheus.istio-system:9090")
        #expect(c.externalServices.prometheus.isCore)
        #expect(c.identity.certFile == "/kiali-cert/tls.crt" && c.identity.privateKeyFile == "/kiali-cert/tls.key")
        #expect(c.identity.servesHTTPS)
        #expect(c.server.observability.metrics.port == 9191 && c.server.webRoot == "/kiali")
        #expect(c.kialiInternal.graphCache.refreshInterval == .seconds(30) && c.kialiInternal.graphCache.maxCacheMemoryMB == 500)
        #expect(c.kubernetesConfig.clusterName == "east")
        #expect(c.loginToken.signingKey.isReference)
        #expect(c.loginToken.signingKey.description == "ConfigCredential(secret kiali-signing-key:key)")
        #expect(c.externalServices.istio.istioIdentityDomain == "svc.cluster.local")
        #expect(c.kialiFeatureFlags.validationsIgnore == ["KIA1301"])
        #expect(
            Set(c.unmodelled.keys) == [
                "additional_display_details", "custom_dashboards", "extensions", "health_config", "installation_tag", "istio_labels", "version",
            ]
        )
        #expect(c.unmodelled["health_config"]?["compute"]?["duration"] == "5m")
        #expect(c.unmodelled["custom_dashboards"] == .array([]))
    }

    // MARK: Warnings

    @Test func unknownKeysWarnWithTheirFullPath() throws {
        let loaded = try Self.load(
            """
            auth:
              strategy: anonymous
            server:
              prot: 8080
            clustering:
              clusters:
              - name: west
                secretName: west-secret
            deployment:
              cluster_wide_access: false
              discovery_selectors:
                default:
                - matchLabels:
                    kubernetes.io/metadata.name: bookinfo
                  matchLabel: {app: x}
            kiali_internal:
              graph_cache:
                refresh: 30s
            toplevel_typo: 1
            """
        )
        #expect(
            loaded.warnings == [
                "unknown key server.prot in \(Self.source) (line 4)",
                "unknown key clustering.clusters[0].secretName in \(Self.source) (line 8)",
                "unknown key deployment.discovery_selectors.default[0].matchLabel in \(Self.source) (line 15)",
                "unknown key kiali_internal.graph_cache.refresh in \(Self.source) (line 18)",
                "unknown key toplevel_typo in \(Self.source) (line 19)",
            ]
        )
        // The rest still loads.
        #expect(loaded.config.clustering.clusters == [.init(name: "west")])
        #expect(try loaded.config.accessScope().scope(for: "east") == .namespaces(["bookinfo", "istio-system"]))
    }

    @Test func removedKeysWarnThatTheyAreIgnored() throws {
        let loaded = try Self.load(
            """
            auth: {strategy: anonymous}
            istio_namespace: istio-system
            deployment:
              accessible_namespaces: ["**"]
            external_services:
              istio:
                config_map_name: istio
                root_namespace: istio-config
                istio_api_enabled: false
            """
        )
        #expect(loaded.warnings.count == 4)
        #expect(loaded.warnings[0].hasPrefix("removed key istio_namespace in \(Self.source) (line 2) is ignored: "))
        #expect(loaded.warnings[1].hasPrefix("removed key deployment.accessible_namespaces in \(Self.source) (line 4) is ignored: "))
        #expect(loaded.warnings[2].hasPrefix("removed key external_services.istio.config_map_name in \(Self.source) (line 7) is ignored"))
        #expect(loaded.warnings[3].hasPrefix("removed key external_services.istio.root_namespace in \(Self.source) (line 8) is ignored"))
        #expect(!loaded.config.externalServices.istio.istioAPIEnabled)
        #expect(loaded.config.deployment.clusterWideAccess)
    }

    @Test func deprecatedKeysAreCopiedAndWarn() throws {
        let loaded = try Self.load(
            """
            auth: {strategy: anonymous}
            external_services:
              tracing:
                in_cluster_url: http://jaeger-query.observability:16685/jaeger
                url: https://jaeger.example.com
              grafana:
                url: https://grafana.example.com
              prometheus:
                auth:
                  ca_file: /etc/ca.pem
            """
        )
        let tracing = loaded.config.externalServices.tracing
        #expect(tracing.internalURL == "http://jaeger-query.observability:16685/jaeger")
        #expect(tracing.externalURL == "https://jaeger.example.com")
        #expect(loaded.config.externalServices.grafana.externalURL == "https://grafana.example.com")
        #expect(loaded.warnings.count == 4)
        #expect(loaded.warnings[0].hasPrefix("deprecated key external_services.tracing.in_cluster_url: use external_services.tracing.internal_url"))
        #expect(loaded.warnings[0].hasSuffix("(\(Self.source), line 4)"))
        #expect(loaded.warnings[3].hasPrefix("deprecated key external_services.prometheus.auth.ca_file"))
    }

    // MARK: Invalid values

    /// Each case: a document, the key path the error must name, and a part of its reason.
    /// The start of documents that must get past the signing-key check.
    static let anonymous = "auth: {strategy: anonymous}\n"

    static let invalidCases: [(yaml: String, key: String, reason: String)] = [
        ("server:\n  port: abc\n", "server.port", #"expected an integer from 0 to 65535, got "abc""#),
        ("server:\n  port: 70000\n", "server.port", "expected an integer from 0 to 65535, got 70000"),
        ("server:\n  port: -1\n", "server.port", "expected an integer from 0 to 65535, got -1"),
        ("server:\n  port: \"20001\"\n", "server.port", #"got "20001""#),
        ("server:\n  web_root: /kiali/\n", "server.web_root", #"must start with "/" and not end with "/""#),
        ("server:\n  web_root: kiali\n", "server.web_root", #"must start with "/" and not end with "/""#),
        ("server:\n  web_root: /a/../b\n", "server.web_root", #"must not contain "/../""#),
        ("server:\n  web_root: /a b\n", "server.web_root", "URL path characters"),
        ("server:\n  web_history_mode: tabs\n", "server.web_history_mode", "expected one of browser, hash"),
        ("server:\n  write_timeout: soon\n", "server.write_timeout", "expected a number of seconds or a duration"),
        ("server:\n  gzip_enabled: maybe\n", "server.gzip_enabled", #"expected true or false, got "maybe""#),
        ("server: abc\n", "server", #"expected a map, got "abc""#),
        ("server:\n  observability:\n    metrics: [9090]\n", "server.observability.metrics", "expected a map, got a list"),
        ("auth:\n  strategy: foo\n", "auth.strategy", #"unknown strategy "foo"; expected one of anonymous, token, openshift, openid, header"#),
        ("auth:\n  strategy: \"\"\n", "auth.strategy", #"unknown strategy """#),
        (
            "auth:\n  strategy: openid\n  openid:\n    issuer_uri: https://idp\nlogin_token:\n  signing_key: \(key32)\n", "auth.openid.client_id",
            "required when auth.strategy is openid"
        ),
        ("auth:\n  strategy: openshift\n", "login_token.signing_key", "must be 16, 24 or 32 bytes long unless auth.strategy is anonymous"),
        ("login_token:\n  signing_key: tooshort\n", "login_token.signing_key", "it is 8 bytes"),
        (anonymous + "login_token:\n  signing_key: \"secret:only-two\"\n", "login_token.signing_key", "malformed secret reference"),
        (
            anonymous + "external_services:\n  prometheus:\n    url: \"\"\n", "external_services.prometheus.url",
            "required when Prometheus is enabled"
        ),
        (
            anonymous + "external_services:\n  prometheus:\n    url: prometheus:9090\n", "external_services.prometheus.url",
            "expected an http or https URL"
        ),
        (anonymous + "external_services:\n  prometheus: []\n", "external_services.prometheus", "expected a map, got a list"),
        (
            anonymous + "external_services:\n  prometheus:\n    auth:\n      type: kerberos\n",
            "external_services.prometheus.auth.type", "expected one of none, basic, bearer, oauth2"
        ),
        (
            anonymous + "external_services:\n  prometheus:\n    auth:\n      type: oauth2\n      oauth2:\n        client_id: kiali\n",
            "external_services.prometheus.auth.oauth2.client_secret", "required when type is oauth2"
        ),
        (
            anonymous + "external_services:\n  tracing:\n    auth:\n      type: oauth2\n"
                + "      oauth2: {client_id: a, client_secret: b, token_url: \"https://idp/token\"}\n",
            "external_services.tracing.auth.type", "gRPC tracing"
        ),
        (
            anonymous + "external_services:\n  tracing:\n    provider: zipkin\n", "external_services.tracing.provider",
            "expected one of jaeger, tempo"
        ),
        (
            anonymous + "deployment:\n  tls_config:\n    source: bogus\n", "deployment.tls_config.source",
            #"unknown source "bogus"; expected one of config, auto"#
        ),
        (anonymous + "deployment:\n  tls_config:\n    min_version: TLSv1.1\n", "deployment.tls_config.min_version", "not supported"),
        (
            anonymous + "deployment:\n  tls_config:\n    min_version: TLSv1.3\n    max_version: TLSv1.2\n",
            "deployment.tls_config.max_version", "lower than min_version"
        ),
        (
            anonymous + "deployment:\n  cluster_wide_access: false\n"
                + "  discovery_selectors:\n    default:\n    - matchLabels: {region: north}\n",
            "deployment.discovery_selectors.default[0]", "must name namespaces"
        ),
        (
            anonymous + "deployment:\n  discovery_selectors:\n    default: {matchLabels: {a: b}}\n",
            "deployment.discovery_selectors.default", "expected a list, got a map"
        ),
        (
            anonymous + "kiali_internal:\n  graph_cache:\n    refresh_interval: 60\n", "kiali_internal.graph_cache.refresh_interval",
            "bare number 60"
        ),
        (
            anonymous + "kiali_internal:\n  graph_cache:\n    inactivity_timeout: 10 minutes\n",
            "kiali_internal.graph_cache.inactivity_timeout", "unknown unit"
        ),
        (
            anonymous + "kiali_feature_flags:\n  disabled_features: [logs-tab, graph]\n", "kiali_feature_flags.disabled_features[1]",
            #"unknown feature "graph""#
        ),
        (
            anonymous + "kiali_feature_flags:\n  ui_defaults:\n    tracing:\n      limit: 5\n",
            "kiali_feature_flags.ui_defaults.tracing.limit", "expected an integer from 10 to 1000, got 5"
        ),
        (anonymous + "auth:\n  openshift:\n    impersonation:\n      enabled: true\n", "", "duplicate key"),
        (
            "auth:\n  strategy: openshift\n  openshift:\n    impersonation:\n      enabled: true\n      allowed_users: [\"system:admin\"]\n",
            "auth.openshift.impersonation.allowed_users[0]", #"not start with "system:""#
        ),
        (anonymous + "clustering:\n  clusters:\n  - secret_name: west\n", "clustering.clusters[0].name", "required, but missing"),
        (
            anonymous + "clustering:\n  ignore_home_cluster: true\n", "kubernetes_config.cluster_name",
            "required when clustering.ignore_home_cluster is true"
        ),
        (
            anonymous + "identity:\n  cert_file: /kiali-cert/tls.crt\n", "identity.private_key_file",
            "required when identity.cert_file is set"
        ),
    ]

    @Test(arguments: invalidCases.indices)
    func anInvalidValueStopsLoadingNamingItsKey(_ index: Int) throws {
        let (yaml, key, reason) = Self.invalidCases[index]
        let error = try #require(Self.failure(yaml))
        if key.isEmpty {
            // A YAML-level problem.
            guard case .syntax(let source, let line, _, let problem) = error else {
                Issue.record("expected a syntax error, got \(error)")
                return
            }
            #expect(source == Self.source && line != nil && problem.contains(reason))
            return
        }
        #expect(error.keyPath == key, "\(error)")
        #expect(error.description.hasPrefix("\(key): "), "\(error)")
        #expect(error.description.contains(reason), "\(error)")
        #expect(error.description.contains("(\(Self.source)"), "\(error)")
    }

    @Test func errorsCarryTheLineOfTheKey() throws {
        let error = try #require(Self.failure("auth:\n  strategy: anonymous\nserver:\n  address: ''\n  port: abc\n"))
        #expect(error == .invalidValue(key: "server.port", reason: #"expected an integer from 0 to 65535, got "abc""#, source: Self.source, line: 5))
        #expect(error.description == #"server.port: expected an integer from 0 to 65535, got "abc" (/kiali-configuration/config.yaml, line 5)"#)
    }

    @Test func aSyntaxErrorNamesTheSourceAndLine() throws {
        let error = try #require(Self.failure("auth:\n  strategy: anonymous\nserver:\n  port: [1, 2\n  web_root: /\n"))
        guard case .syntax(let source, let line, _, _) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(source == Self.source)
        #expect(line == 5)
        #expect(error.description.hasPrefix("\(Self.source), line 5"))
        let tabs = try #require(Self.failure("server:\n\tport: 1\n"))
        #expect(tabs.description.hasPrefix("\(Self.source), line 2"))
    }

    @Test func secretsNeverAppearInErrors() throws {
        let secret = "s3cr3t-s3cr3t-s3cr3t"
        let error = try #require(Self.failure("auth:\n  strategy: token\nlogin_token:\n  signing_key: \(secret)\n"))
        #expect(!error.description.contains(secret))
        #expect(error.description.contains("it is 20 bytes"))
    }

    @Test func loadingAFileReadsItUnderTheMountRoot() async throws {
        try await withTemporaryDirectory { dir in
            let root = MountRoot(dir)
            let error = #expect(throws: ConfigError.self) { try KialiConfig.load(mountRoot: root) }
            #expect(error == .unreadable(path: dir + "/kiali-configuration/config.yaml", reason: "no such file"))
            try FileManager.default.createDirectory(atPath: dir + "/kiali-configuration", withIntermediateDirectories: true)
            try "auth:\n  strategy: anonymous\nserver:\n  port: 1234\n".write(
                toFile: dir + "/kiali-configuration/config.yaml",
                atomically: true,
                encoding: .utf8
            )
            #expect(try KialiConfig.load(mountRoot: root).config.server.port == 1234)
            try "server:\n  port: x\n".write(toFile: dir + "/kiali-configuration/config.yaml", atomically: true, encoding: .utf8)
            let invalid = #expect(throws: ConfigError.self) { try KialiConfig.load(mountRoot: root) }
            // Messages name the configured path, not where the mount root put it.
            #expect(invalid?.description.hasSuffix("(/kiali-configuration/config.yaml, line 2)") == true)
        }
    }

    // MARK: Go durations

    @Test(arguments: [
        ("60s", Duration.seconds(60)), ("10m", .seconds(600)), ("1h30m", .seconds(5400)), ("1.5h", .seconds(5400)),
        ("300ms", .milliseconds(300)), ("-2m", .seconds(-120)), ("+5s", .seconds(5)), ("0", .zero), ("0s", .zero),
        ("2us", .microseconds(2)), ("2\u{00B5}s", .microseconds(2)), ("2\u{03BC}s", .microseconds(2)), ("7ns", .nanoseconds(7)),
        ("1h0m0.5s", .milliseconds(3_600_500)), (".5s", .milliseconds(500)), ("1.s", .seconds(1)),
        ("2562047h47m16.854775807s", .nanoseconds(Int64.max)),
    ])
    func goDurationsParse(_ text: String, _ expected: Duration) throws {
        #expect(try GoDuration.parse(text) == expected)
    }

    @Test(arguments: [
        ("", "invalid duration"), ("1", "missing unit"), ("1d", #"unknown unit "d""#), ("abc", "invalid duration"),
        (".s", "invalid duration"), ("-", "invalid duration"), ("1h 30m", #"unknown unit "h ""#),
        ("2562048h", "overflow"), ("99999999999999999999s", "overflow"),
    ])
    func badGoDurationsAreRefused(_ text: String, _ reason: String) {
        #expect(throws: GoDuration.ParseError(text: text, reason: reason)) { try GoDuration.parse(text) }
    }

    @Test func goDurationsFormatAsGoDoes() {
        #expect(GoDuration.format(.zero) == "0s")
        #expect(GoDuration.format(.seconds(90)) == "1m30s")
        #expect(GoDuration.format(.seconds(3600)) == "1h0m0s")
        #expect(GoDuration.format(.milliseconds(1500)) == "1.5s")
        #expect(GoDuration.format(.milliseconds(300)) == "300ms")
        #expect(GoDuration.format(.microseconds(2)) == "2\u{00B5}s")
        #expect(GoDuration.format(.nanoseconds(7)) == "7ns")
        #expect(GoDuration.format(.seconds(-120)) == "-2m0s")
        for text in ["1h30m0s", "10m0s", "2.25s", "3h0m0.001s"] {
            #expect(GoDuration.format(try! GoDuration.parse(text)) == text)
        }
    }

    // MARK: Mount root

    @Test func theMountRootPrefixesAbsolutePaths() {
        let root = MountRoot("/tmp/pod-1/")
        #expect(root.path == "/tmp/pod-1")
        #expect(root.resolve("/kiali-configuration/config.yaml") == "/tmp/pod-1/kiali-configuration/config.yaml")
        #expect(
            root.resolve("/kiali-override-secrets//prometheus-token/./value.txt") == "/tmp/pod-1/kiali-override-secrets/prometheus-token/value.txt"
        )
        #expect(root.resolve("/") == "/tmp/pod-1")
        // `..` cannot leave the root: it stops at `/`, as in a chroot.
        #expect(root.resolve("/kiali-cert/../../../etc/passwd") == "/tmp/pod-1/etc/passwd")
        #expect(root.resolve("/..") == "/tmp/pod-1")
        // Relative paths stay relative to the working directory.
        #expect(root.resolve("config/local.yaml") == "config/local.yaml")
        #expect(root.resolve("../x") == "../x")
        #expect(root.resolve("") == "")
        #expect(MountRoot.filesystemRoot.resolve("/kiali-cert/tls.crt") == "/kiali-cert/tls.crt")
        #expect(MountRoot.filesystemRoot.resolve("/a/../b") == "/b")
    }

    @Test func theMountRootComesFromTheOptionThenTheEnvironment() {
        let env = [MountRoot.environmentVariable: "/var/run/sim/pod-3"]
        #expect(MountRoot.resolve(option: "/opt/root", environment: env).path == "/opt/root")
        #expect(MountRoot.resolve(option: nil, environment: env).path == "/var/run/sim/pod-3")
        #expect(MountRoot.resolve(option: "", environment: env).path == "/var/run/sim/pod-3")
        #expect(MountRoot.resolve(option: nil, environment: [:]) == .filesystemRoot)
        #expect(MountRoot.resolve(option: nil, environment: [MountRoot.environmentVariable: ""]) == .filesystemRoot)
        #expect(MountRoot.resolve(option: "mnt/pod", environment: [:], workingDirectory: "/home/me").path == "/home/me/mnt/pod")
        #expect(MountRoot("", workingDirectory: "/x") == .filesystemRoot)
    }

    // MARK: Bind address

    @Test func theBindAddressRule() {
        let env = [BindAddress.environmentVariable: "10.244.0.7"]
        #expect(BindAddress.resolve(serverAddress: "127.0.0.2", environment: env) == .init(host: "127.0.0.2", source: .config))
        #expect(BindAddress.resolve(serverAddress: "", environment: env) == .init(host: "10.244.0.7", source: .environment))
        #expect(BindAddress.resolve(serverAddress: "  ", environment: env) == .init(host: "10.244.0.7", source: .environment))
        #expect(BindAddress.resolve(serverAddress: "", environment: [:]) == .init(host: "0.0.0.0", source: .allInterfaces))
        #expect(BindAddress.resolve(serverAddress: "", environment: [BindAddress.environmentVariable: " "]).source == .allInterfaces)
        #expect(BindAddress.resolve(serverAddress: "[::1]", environment: [:]).host == "::1")
        #expect(BindAddress.resolve(serverAddress: "", environment: [BindAddress.environmentVariable: "[fd00::7]"]).host == "fd00::7")
        #expect(BindAddress.resolve(serverAddress: "::", environment: [:]).host == "::")
    }

    // MARK: Access scope

    @Test func theAccessScopeFollowsClusterWideAccessAndTheSelectors() throws {
        let whole = try Self.load("auth: {strategy: anonymous}\n").config
        #expect(try whole.accessScope() == .clusterWide)
        #expect(try whole.accessScope().scope(for: "west") == .clusterWide)

        let scoped = try Self.load(
            """
            auth: {strategy: anonymous}
            deployment:
              namespace: kiali
              cluster_wide_access: false
              discovery_selectors:
                default:
                - matchLabels:
                    kubernetes.io/metadata.name: bookinfo
                - matchExpressions:
                  - key: kubernetes.io/metadata.name
                    operator: In
                    values: [travels, istio-system]
                overrides:
                  west:
                  - matchLabels: {kubernetes.io/metadata.name: west-only}
                  north:
                  - matchLabels: {region: north}
            """
        ).config
        let scope = try scoped.accessScope()
        #expect(!scope.clusterWideAccess)
        #expect(scope.alwaysIncluded == ["kiali"])
        #expect(scope.scope(for: "east") == .namespaces(["bookinfo", "istio-system", "kiali", "travels"]))
        #expect(scope.scope(for: "west") == .namespaces(["kiali", "west-only"]))
        // An override that does not name namespaces falls back to the default.
        #expect(scope.scope(for: "north") == scope.scope(for: "east"))

        var broken = scoped
        broken.deployment.discoverySelectors.default.append(LabelSelector(matchLabels: ["app": "x"]))
        let error = #expect(throws: AccessScopeError.self) { try broken.accessScope() }
        #expect(error?.key == "deployment.discovery_selectors.default[2]")
    }

    // MARK: Cluster names

    @Test func clusterNamesWithATildeAreRefused() throws {
        let home = try #require(Self.failure("auth: {strategy: anonymous}\nkubernetes_config:\n  cluster_name: east~1\n"))
        #expect(home.keyPath == "kubernetes_config.cluster_name")
        #expect(home.description.contains(#"cluster name "east~1" contains "~""#))
        #expect(home.description.hasSuffix("(\(Self.source), line 3)"))

        let remote = try #require(
            Self.failure("auth: {strategy: anonymous}\nclustering:\n  clusters:\n  - name: west\n  - name: we~st\n    secret_name: s\n")
        )
        #expect(remote.keyPath == "clustering.clusters[1].name")
        #expect(remote.description.hasSuffix("(\(Self.source), line 5)"))

        let twice = try #require(Self.failure("auth: {strategy: anonymous}\nclustering:\n  clusters:\n  - name: west\n  - name: west\n"))
        #expect(twice.keyPath == "clustering.clusters[1].name" && twice.description.contains("listed twice"))

        try KialiConfig.validateClusterName("west-1.example")
        #expect(throws: ConfigError.self) { try KialiConfig.validateClusterName("a~b") }
        #expect(throws: ConfigError.self) { try KialiConfig.validateClusterName("") }
        let discovered = #expect(throws: ConfigError.self) { try KialiConfig.validateClusterName("x~y", key: "discovered cluster name") }
        #expect(discovered?.keyPath == "discovered cluster name")
    }

    // MARK: Credentials

    @Test func credentialFilesAreReadUnderTheMountRootOnEveryRead() async throws {
        try await withTemporaryDirectory { dir in
            let root = MountRoot(dir)
            let fm = FileManager.default
            try fm.createDirectory(atPath: dir + "/secrets", withIntermediateDirectories: true)
            try "first-token\n".write(toFile: dir + "/secrets/token", atomically: true, encoding: .utf8)

            let file = ConfigCredential("/secrets/token", overrideName: "prometheus-token")
            #expect(file.location(under: root) == .file(dir + "/secrets/token"))
            #expect(try file.read(under: root) == "first-token")
            try "rotated-token".write(toFile: dir + "/secrets/token", atomically: true, encoding: .utf8)
            #expect(try file.read(under: root) == "rotated-token")

            // A value.txt in the setting's override directory wins over the configured value.
            let inline = ConfigCredential("inline-token", overrideName: "prometheus-token")
            #expect(try inline.read(under: root) == "inline-token")
            try fm.createDirectory(atPath: dir + "/kiali-override-secrets/prometheus-token", withIntermediateDirectories: true)
            try "from-override".write(toFile: dir + "/kiali-override-secrets/prometheus-token/value.txt", atomically: true, encoding: .utf8)
            #expect(try inline.read(under: root) == "from-override")

            // secret:<secret>:<key> reads key <key> from the setting's override directory.
            let secret = ConfigCredential("secret:prom-creds:bearer", overrideName: "prometheus-token")
            try "from-secret".write(toFile: dir + "/kiali-override-secrets/prometheus-token/bearer", atomically: true, encoding: .utf8)
            #expect(try secret.read(under: root) == "from-secret")

            let missing = ConfigCredential("/secrets/absent")
            #expect(throws: ConfigError.unreadable(path: dir + "/secrets/absent", reason: "no such file")) { try missing.read(under: root) }
            #expect(try ConfigCredential("").read(under: root) == "")
        }
    }

    @Test func credentialsNeverShowAnInlineValue() throws {
        let credential = ConfigCredential("hunter2-hunter2", overrideName: "grafana-password")
        #expect(credential.description == "ConfigCredential(inline, redacted)")
        #expect(!"\(credential)".contains("hunter2"))
        #expect(!String(reflecting: credential).contains("hunter2"))
        var dumped = ""
        dump(credential, to: &dumped)
        #expect(!dumped.contains("hunter2"))

        var config = KialiConfig()
        config.externalServices.grafana.auth.password = credential
        var whole = ""
        dump(config, to: &whole)
        #expect(!whole.contains("hunter2") && !"\(config)".contains("hunter2"))
        #expect(ConfigCredential("/run/secrets/token").description == "ConfigCredential(file /run/secrets/token)")
    }

    @Test func aServiceAuthBlockReadsItsCredentialsWithTheServicesOverrideNames() throws {
        let loaded = try Self.load(
            """
            auth: {strategy: anonymous}
            external_services:
              prometheus:
                auth:
                  type: basic
                  username: secret:prom:user
                  password: /kiali-secret/prom-password
              custom_dashboards:
                prometheus:
                  url: https://thanos.example.com
                  auth:
                    type: bearer
                    token: secret:cd:token
            """
        )
        let auth = loaded.config.externalServices.prometheus.auth
        #expect(auth.type == .basic)
        #expect(auth.username == ConfigCredential("secret:prom:user", overrideName: "prometheus-username"))
        #expect(auth.password.location(under: MountRoot("/mnt")) == .file("/mnt/kiali-secret/prom-password"))
        let dashboards = loaded.config.externalServices.customDashboards.prometheus
        #expect(dashboards.url == "https://thanos.example.com")
        #expect(
            dashboards.auth.token.location(under: MountRoot("/mnt")) == .file("/mnt/kiali-override-secrets/customdashboards-prometheus-token/token")
        )
        #expect(loaded.warnings.isEmpty)
    }

    @Test func aSigningKeyInAFileIsCheckedWhenSecretsAreValidated() async throws {
        try await withTemporaryDirectory { dir in
            let root = MountRoot(dir)
            let config = try Self.load("auth:\n  strategy: token\nlogin_token:\n  signing_key: secret:kiali-signing-key:key\n").config
            // The key lives in a file: load() cannot check it, validateSecrets(under:) reads it.
            #expect(throws: ConfigError.self) { try config.validateSecrets(under: root) }
            let directory = dir + "/kiali-override-secrets/login-token-signing-key"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Self.key32.write(toFile: directory + "/key", atomically: true, encoding: .utf8)
            try config.validateSecrets(under: root)
            try "short".write(toFile: directory + "/key", atomically: true, encoding: .utf8)
            let error = #expect(throws: ConfigError.self) { try config.validateSecrets(under: root) }
            #expect(error?.keyPath == "login_token.signing_key")
            #expect(error?.description.contains("it is 5 bytes") == true)
        }
    }
}
