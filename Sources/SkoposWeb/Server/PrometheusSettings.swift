import Foundation
import PromClient

extension KialiConfig.Prometheus {
    /// The client configuration for these settings: credentials read under the mount root (files re-read on use),
    /// the home cluster's service-account token for `use_kiali_token`.
    func clientConfiguration(mountRoot: MountRoot, serviceAccountTokenFile: String?) throws(ServeError) -> PrometheusClient.Configuration {
        func credential(_ c: ConfigCredential, _ key: String) throws(ServeError) -> Credential {
            switch c.location(under: mountRoot) {
            case .file(let path): return .file(path)
            case .inline, .none:
                do {
                    return .value(try c.read(under: mountRoot))
                } catch {
                    throw ServeError("external_services.prometheus.auth.\(key): \(error)")
                }
            }
        }
        var auth = PrometheusClient.Configuration.Auth.none
        if self.auth.useKialiToken {
            guard let serviceAccountTokenFile else {
                throw ServeError("external_services.prometheus.auth.use_kiali_token: no service-account token (not running in a pod)")
            }
            auth = .bearer(token: .file(serviceAccountTokenFile))
        } else {
            switch self.auth.type {
            case .none: break
            case .basic: auth = .basic(username: try credential(self.auth.username, "username"), password: try credential(self.auth.password, "password"))
            case .bearer: auth = .bearer(token: try credential(self.auth.token, "token"))
            case .oauth2: throw ServeError("external_services.prometheus.auth.type: oauth2 is not supported yet; use basic or bearer")
            }
        }
        // Kiali's additional CA bundle (the operator mounts it from the `kiali-cabundle` ConfigMap) is trusted for
        // Prometheus too; the per-service `ca_file` is deprecated and ignored, as in Kiali.
        let bundle = mountRoot.resolve("/kiali-cabundle/additional-ca-bundle.pem")
        let caFile = FileManager.default.fileExists(atPath: bundle) ? bundle : nil
        return PrometheusClient.Configuration(
            url: url, auth: auth, customHeaders: customHeaders, caFile: caFile, insecureSkipVerify: self.auth.insecureSkipVerify, queryScope: queryScope)
    }
}
