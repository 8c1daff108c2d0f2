import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium, when the machine has it (`make test` installs Debian's `chromium`).
private func findChromium() -> String? {
    for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    where FileManager.default.isExecutableFile(atPath: path) {
        return path
    }
    return nil
}

private let chromium = findChromium()

/// Every HTML report the bundled reporters produce in their golden cases (and the examples').
private func bundledHTMLReports() -> [URL] {
    var found: [URL] = []
    for root in ["Plugins/reports", "Examples"] {
        let base = packageRoot.appendingPathComponent(root)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
        for case let url as URL in walker
        where url.pathExtension == "html" && url.deletingLastPathComponent().lastPathComponent == "expected" {
            found.append(url)
        }
    }
    return found.sorted { $0.path < $1.path }
}

/// A loopback listener standing in for the network: Chromium is told to send every request
/// through it, so any connection means a report tried to reach something outside its file.
private final class RequestTrap: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32
    private let lock = NSLock()
    private var requests: [String] = []
    private var running = true

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw CocoaError(.fileWriteUnknown) }
        withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) } }
        socketFD = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in self.acceptLoop() }
    }

    private func acceptLoop() {
        while true {
            var poller = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 200)
            lock.lock()
            let stop = !running
            lock.unlock()
            if stop { return }
            guard ready > 0 else { continue }
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 512)
            var clientPoll = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            var line = "(connection)"
            if poll(&clientPoll, 1, 1000) > 0 {
                let count = read(client, &buffer, buffer.count)
                if count > 0 { line = String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\r\n").first.map(String.init) ?? line }
            }
            close(client)
            lock.lock()
            requests.append(line)
            lock.unlock()
        }
    }

    /// Requests made for pages, leaving out the browser's own service calls (time, component
    /// updates, accounts), which it makes whatever page it shows.
    var seen: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requests.filter { line in
            let browserOwn = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"]
            let target = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            let host = (URL(string: target)?.host ?? target.split(separator: ":").first.map(String.init) ?? "").lowercased()
            return !browserOwn.contains { host == $0 || host.hasSuffix("." + $0) }
        }
    }

    func stop() {
        lock.lock()
        running = false
        lock.unlock()
        close(socketFD)
    }
}

/// Measures the page once it has loaded: elements reaching past the page's width, and every
/// resource the page loaded (there must be none: reports are self-contained).
private let probeScript = """
    <script>
    window.addEventListener('load', function () {
      var width = document.documentElement.clientWidth, wide = [];
      document.querySelectorAll('body *').forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 0.5) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' to ' + Math.round(r.right));
      });
      var loads = performance.getEntriesByType('resource').map(function (e) { return e.name; });
      var out = document.createElement('pre');
      out.id = 'assess-probe';
      out.textContent = 'PROBE width=' + width + ' scroll=' + document.documentElement.scrollWidth
        + ' overflow=' + wide.slice(0, 5).join('; ') + ' loads=' + loads.join(' ') + ' END';
      document.body.appendChild(out);
    });
    </script>
    """

private struct ChromiumRun {
    var status: Int32
    var output: String
}

/// Runs Chromium headless with every request sent to `trap`; ends it after 90 seconds.
private func runChromium(_ arguments: [String], trap: RequestTrap, profile: URL) throws -> ChromiumRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium!)
    process.arguments = [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-extensions", "--mute-audio", "--user-data-dir=\(profile.path)", "--no-pings", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection", "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter",
        "--proxy-server=http://127.0.0.1:\(trap.port)", "--proxy-bypass-list=<-loopback>",
        "--window-size=794,1123", "--virtual-time-budget=5000",
    ] + arguments
    try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
    let output = profile.appendingPathComponent("out-\(UUID().uuidString).txt")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(90)
    while process.isRunning, Date() < deadline { usleep(50_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    try handle.close()
    return ChromiumRun(status: process.terminationStatus, output: String(decoding: try Data(contentsOf: output), as: UTF8.self))
}

@Suite("Bundled HTML reports in a browser", .serialized)
struct ReportRenderTests {
    @Test("the check sees a page that loads something or runs too wide: a positive control for the trap and the probe",
          .enabled(if: findChromium() != nil, "headless Chromium is not installed (make test installs Debian's chromium)"))
    func trapSeesRequests() throws {
        let trap = try RequestTrap()
        defer { trap.stop() }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("page.html")
        try "<html><body><img src=\"http://assess-request-probe.invalid/x.png\"><div id=\"wide\" style=\"width: 2000px\">x</div>\(probeScript)</body></html>".write(to: page, atomically: true, encoding: .utf8)
        let dom = try runChromium(["--dump-dom", page.absoluteString], trap: trap, profile: work.appendingPathComponent("p"))
        #expect(trap.seen.contains { $0.contains("assess-request-probe.invalid") }, "the trap saw: \(trap.seen)")
        #expect(dom.output.contains("overflow=div#wide"), "the probe did not see the wide element: \(dom.output.suffix(300))")
    }

    @Test("every bundled HTML report renders to PNG and PDF on A4 with nothing overflowing and no request leaving the file",
          .enabled(if: findChromium() != nil, "headless Chromium is not installed (make test installs Debian's chromium)"))
    func renderEveryReport() throws {
        let reports = bundledHTMLReports()
        #expect(reports.count >= 10, "expected the golden HTML reports of every bundled HTML reporter")
        let trap = try RequestTrap()
        defer { trap.stop() }
        let keep = ProcessInfo.processInfo.environment["ASSESS_RENDER_OUT"].map { URL(fileURLWithPath: $0) }
        if let keep { try FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true) }
        let failures = NSLockedList()
        // One browser at a time: Chromium runs several processes, and other suites run beside this one.
        for report in reports {
            let name = report.path.replacingOccurrences(of: packageRoot.path + "/", with: "")
            do {
                let work = try temporaryFolder()
                defer { try? FileManager.default.removeItem(at: work) }
                // The copy loses its Content-Security-Policy, so that anything the page tried to
                // load really would be requested (and caught), and gains the probe.
                var html = try String(contentsOf: report, encoding: .utf8)
                html = html.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, with: "", options: .regularExpression)
                html = html.replacingOccurrences(of: "</body>", with: probeScript + "\n</body>")
                let page = work.appendingPathComponent("page.html")
                try html.write(to: page, atomically: true, encoding: .utf8)
                let stem = name.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ".html", with: "")
                let png = (keep ?? work).appendingPathComponent(stem + ".png"), pdf = (keep ?? work).appendingPathComponent(stem + ".pdf")

                let dom = try runChromium(["--dump-dom", page.absoluteString], trap: trap, profile: work.appendingPathComponent("p1"))
                guard let probe = dom.output.range(of: "<pre id=\"assess-probe\">").map({ dom.output[$0.upperBound...] })
                    .map({ String($0.prefix { $0 != "<" }) }) else {
                    failures.add("\(name): the page did not finish loading in Chromium (exit \(dom.status))")
                    return
                }
                if !probe.contains("overflow= loads=") { failures.add("\(name): text runs past the page width: \(probe)") }
                if !probe.hasSuffix("loads= END") { failures.add("\(name): the page loaded resources: \(probe)") }
                if let width = Int(probe.split(separator: " ").first { $0.hasPrefix("width=") }?.dropFirst(6) ?? ""),
                   let scroll = Int(probe.split(separator: " ").first { $0.hasPrefix("scroll=") }?.dropFirst(7) ?? ""), scroll > width {
                    failures.add("\(name): the page scrolls sideways (\(scroll) > \(width))")
                }

                _ = try runChromium(["--screenshot=\(png.path)", page.absoluteString], trap: trap, profile: work.appendingPathComponent("p2"))
                let pngData = FileManager.default.contents(atPath: png.path) ?? Data()
                if pngData.count < 1000 || !pngData.starts(with: [0x89, 0x50, 0x4E, 0x47]) { failures.add("\(name): no PNG was rendered") }

                _ = try runChromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString], trap: trap,
                                    profile: work.appendingPathComponent("p3"))
                let pdfData = FileManager.default.contents(atPath: pdf.path) ?? Data()
                if pdfData.count < 1000 || !pdfData.starts(with: Array("%PDF".utf8)) { failures.add("\(name): no PDF was rendered") }
            } catch {
                failures.add("\(name): \(error)")
            }
        }
        for failure in failures.all { Issue.record(Comment(rawValue: failure)) }
        #expect(trap.seen.isEmpty, "requests left the report files: \(trap.seen)")
    }
}

/// A list appended to from several threads.
private final class NSLockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items.sorted()
    }
}
