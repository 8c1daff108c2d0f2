import Foundation

/// JUnit XML for CI systems.
public enum JUnitReport {
    public static func xml(_ results: [CaseResult]) -> String {
        let failures = results.filter { $0.status == .failed }.count
        let skipped = results.filter { $0.status == .skipped }.count
        let time = results.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(results.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        out += "  <testsuite name=\"assess test\" tests=\"\(results.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", time))\">\n"
        for result in results {
            let (classname, name) = split(result.name)
            out += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(name))\" time=\"\(String(format: "%.3f", result.seconds))\""
            switch result.status {
            case .passed: out += "/>\n"
            case .skipped: out += ">\n      <skipped message=\"\(escape(result.message))\"/>\n    </testcase>\n"
            case .failed:
                let first = result.message.split(separator: "\n").first.map(String.init) ?? "failed"
                out += ">\n      <failure message=\"\(escape(first))\">\(escape(result.message))</failure>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// `Instruments/hlm-360/tests/model` -> ("Instruments/hlm-360", "model").
    private static func split(_ name: String) -> (String, String) {
        if let range = name.range(of: "/tests/") {
            return (String(name[..<range.lowerBound]), String(name[range.upperBound...]))
        }
        return ("", name)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\u{1B}": continue  // colour codes never reach XML
            default:
                if scalar.value < 0x20, scalar != "\n", scalar != "\t", scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
