import SkoposModel

/// Reads what the mesh page shows of a PEM certificate (issuer, validity, DNS names) with a minimal DER reader: no
/// X.509 library in this module.
enum RootCertificate {
    /// Why a certificate could not be read.
    struct Failure: Error, Sendable {
        var message: String
    }

    /// The certificates of a PEM bundle, one entry per `CERTIFICATE` block; an entry with `error` set for a block that
    /// cannot be read, or one such entry when the bundle has no block.
    static func entries(pem: String, configMapName: String) -> [ControlPlane.Certificate] {
        let blocks = Self.blocks(pem)
        guard !blocks.isEmpty else {
            return [ControlPlane.Certificate(configMapName: configMapName, error: "no PEM certificate found")]
        }
        return blocks.map { der in
            do throws(Failure) {
                return try parse(der, configMapName: configMapName)
            } catch {
                return ControlPlane.Certificate(configMapName: configMapName, error: error.message)
            }
        }
    }

    /// The DER bytes of each `-----BEGIN CERTIFICATE-----` block.
    static func blocks(_ pem: String) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var body: String?
        for rawLine in pem.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmedPEMLine
            if line == "-----BEGIN CERTIFICATE-----" {
                body = ""
            } else if line == "-----END CERTIFICATE-----" {
                if let b = body, let der = Base64.decode(b) { out.append(der) }
                body = nil
            } else if body != nil {
                body! += line
            }
        }
        return out
    }

    static func parse(_ der: [UInt8], configMapName: String) throws(Failure) -> ControlPlane.Certificate {
        var reader = DER(bytes: der[...])
        var certificate = try reader.element(tag: 0x30).contents
        var tbs = try certificate.element(tag: 0x30).contents
        if tbs.peekTag == 0xA0 { _ = try tbs.element() }  // version
        _ = try tbs.element(tag: 0x02)  // serial number
        _ = try tbs.element(tag: 0x30)  // signature algorithm
        let issuer = try name(tbs.element(tag: 0x30).contents)
        var validity = try tbs.element(tag: 0x30).contents
        let notBefore = try time(validity.element())
        let notAfter = try time(validity.element())
        _ = try tbs.element(tag: 0x30)  // subject
        _ = try tbs.element(tag: 0x30)  // public key
        var dnsNames: [String] = []
        while !tbs.isEmpty {
            let e = try tbs.element()
            guard e.tag == 0xA3 else { continue }
            var outer = e.contents
            var extensions = try outer.element(tag: 0x30).contents
            while !extensions.isEmpty {
                var ext = try extensions.element(tag: 0x30).contents
                let oid = try ext.element(tag: 0x06).contents.bytes
                if ext.peekTag == 0x01 { _ = try ext.element() }  // critical
                var value = try ext.element(tag: 0x04).contents
                guard Array(oid) == [0x55, 0x1D, 0x11] else { continue }  // 2.5.29.17, subjectAltName
                var names = try value.element(tag: 0x30).contents
                while !names.isEmpty {
                    let n = try names.element()
                    if n.tag == 0x82 { dnsNames.append(String(decoding: n.contents.bytes, as: UTF8.self)) }
                }
            }
        }
        return ControlPlane.Certificate(configMapName: configMapName, issuer: issuer, notBefore: notBefore, notAfter: notAfter, dnsNames: dnsNames)
    }

    /// A distinguished name as Go's `pkix.Name.String()` writes it: the known attributes in Go's order (C, ST, L,
    /// STREET, POSTALCODE, O, OU, CN, SERIALNUMBER), the sequence reversed, RDNs joined by `,`, values of one type by
    /// `+`; other attributes as `<oid>=#<hex DER>` after them.
    static func name(_ sequence: DER) throws(Failure) -> String {
        let known: [([UInt8], String)] = [
            ([0x55, 0x04, 0x06], "C"), ([0x55, 0x04, 0x08], "ST"), ([0x55, 0x04, 0x07], "L"), ([0x55, 0x04, 0x09], "STREET"),
            ([0x55, 0x04, 0x11], "POSTALCODE"), ([0x55, 0x04, 0x0A], "O"), ([0x55, 0x04, 0x0B], "OU"), ([0x55, 0x04, 0x03], "CN"),
            ([0x55, 0x04, 0x05], "SERIALNUMBER"),
        ]
        var values: [String: [String]] = [:]
        var others: [String] = []
        var rdns = sequence
        while !rdns.isEmpty {
            var set = try rdns.element(tag: 0x31).contents
            while !set.isEmpty {
                var atv = try set.element(tag: 0x30).contents
                let oid = Array(try atv.element(tag: 0x06).contents.bytes)
                let value = try atv.element()
                if let type = known.first(where: { $0.0 == oid })?.1 {
                    values[type, default: []].append(escape(String(decoding: value.contents.bytes, as: UTF8.self)))
                } else {
                    let hex = value.whole.map { String($0, radix: 16).leftPadded(2) }.joined()
                    others.append("\(dotted(oid))=#\(hex)")
                }
            }
        }
        var parts: [String] = []
        for (_, type) in known {
            if let v = values[type] { parts.append(v.map { "\(type)=\($0)" }.joined(separator: "+")) }
        }
        return (parts.reversed() + others).joined(separator: ",")
    }

    /// RFC 2253 escaping, as Go does it.
    static func escape(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        for (i, c) in chars.enumerated() {
            let special = ",+\"\\<>;".contains(c) || (i == 0 && (c == " " || c == "#")) || (i == chars.count - 1 && c == " ")
            if special { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func dotted(_ oid: [UInt8]) -> String {
        guard let first = oid.first else { return "" }
        var parts = [String(first / 40), String(first % 40)]
        var n: UInt64 = 0
        for b in oid.dropFirst() {
            n = n << 7 | UInt64(b & 0x7F)
            if b & 0x80 == 0 {
                parts.append(String(n))
                n = 0
            }
        }
        return parts.joined(separator: ".")
    }

    /// A UTCTime or GeneralizedTime as RFC 3339 in UTC.
    static func time(_ e: DER.Element) throws(Failure) -> String {
        let text = String(decoding: e.contents.bytes, as: UTF8.self)
        let digits: String
        switch e.tag {
        case 0x17:
            guard text.count >= 13, let yy = Int(text.prefix(2)) else { throw Failure(message: "bad UTCTime \(text)") }
            digits = String(yy >= 50 ? 1900 + yy : 2000 + yy) + text.dropFirst(2).prefix(10)
        case 0x18:
            guard text.count >= 15 else { throw Failure(message: "bad GeneralizedTime \(text)") }
            digits = String(text.prefix(14))
        default:
            throw Failure(message: "expected a time, found tag \(e.tag)")
        }
        guard digits.count == 14, digits.allSatisfy(\.isNumber), text.hasSuffix("Z") else { throw Failure(message: "unsupported time \(text)") }
        let d = Array(digits)
        return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))T\(String(d[8..<10])):\(String(d[10..<12])):\(String(d[12..<14]))Z"
    }

    /// A DER reader over a slice of bytes.
    struct DER {
        struct Element {
            var tag: UInt8
            var contents: DER
            /// Tag, length and contents.
            var whole: ArraySlice<UInt8>
        }

        var bytes: ArraySlice<UInt8>

        var isEmpty: Bool { bytes.isEmpty }
        var peekTag: UInt8? { bytes.first }

        mutating func element(tag expected: UInt8? = nil) throws(Failure) -> Element {
            let start = bytes.startIndex
            guard bytes.count >= 2 else { throw Failure(message: "truncated certificate") }
            let tag = bytes[start]
            if let expected, tag != expected {
                throw Failure(message: "unexpected DER tag \(tag), expected \(expected)")
            }
            var idx = start + 1
            var length = Int(bytes[idx])
            idx += 1
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count > 0, count <= 4, idx + count <= bytes.endIndex else { throw Failure(message: "bad DER length") }
                length = 0
                for b in bytes[idx..<(idx + count)] { length = length << 8 | Int(b) }
                idx += count
            }
            guard idx + length <= bytes.endIndex else { throw Failure(message: "truncated certificate") }
            let element = Element(tag: tag, contents: DER(bytes: bytes[idx..<(idx + length)]), whole: bytes[start..<(idx + length)])
            bytes = bytes[(idx + length)...]
            return element
        }
    }
}

extension Substring {
    fileprivate var trimmedPEMLine: String {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
