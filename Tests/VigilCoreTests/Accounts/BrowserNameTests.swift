import Testing
import VigilCore

@Suite("Browser names for the sessions list")
struct BrowserNameTests {
    @Test("the browser and system a person recognises, from common User-Agent headers")
    func names() {
        #expect(BrowserName.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36") == "Chrome 131 · Windows")
        #expect(BrowserName.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86") == "Edge 131 · Windows")
        #expect(BrowserName.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/130.0.236 Chrome/124.0.0.0 Safari/537.36") == "Cốc Cốc 130 · Windows")
        #expect(BrowserName.describe("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1") == "Safari 17 · iOS")
        #expect(BrowserName.describe("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0") == "Firefox 128 · Linux")
        #expect(BrowserName.describe("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36") == "Chrome 131 · Android")
        #expect(BrowserName.describe("curl/8.5.0") == "curl/8.5.0")
    }
}
