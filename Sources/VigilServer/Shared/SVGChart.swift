import Foundation

/// Small charts drawn on the server as SVG, so that pages need no script and print as they show.
/// Written by hand: none of the listed packages draws charts, and a line over a few points is a
/// few lines of SVG. Labels are escaped; every number is formatted here.
enum SVGChart {
    struct Point {
        let label: String
        let value: Double
    }

    /// A percentage over time (0–100), with a dashed line at `target`.
    static func percentLine(_ points: [Point], target: Double = 100, title: String, width: Int = 640, height: Int = 200) -> String {
        let left = 40.0, right = 10.0, top = 10.0, bottom = 30.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        func x(_ index: Int) -> Double {
            points.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(max(value, 0), 100) / 100) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\" class=\"chart\">"
        svg += "<title>\(escape(title))</title>"
        for tick in stride(from: 0.0, through: 100.0, by: 25.0) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" class=\"axis\">\(Int(tick))%</text>"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(target)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(target)))\" class=\"target\"/>"
        if !points.isEmpty {
            let path = points.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element.value)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" class=\"line\"/>"
            for (index, point) in points.enumerated() {
                svg += "<circle cx=\"\(f(x(index)))\" cy=\"\(f(y(point.value)))\" r=\"3\" class=\"dot\"><title>\(escape(point.label)): \(f(point.value))%</title></circle>"
            }
            // The first and last dates under the axis.
            svg += "<text x=\"\(f(x(0)))\" y=\"\(height - 8)\" text-anchor=\"start\" class=\"axis\">\(escape(points[0].label))</text>"
            if points.count > 1 {
                svg += "<text x=\"\(f(x(points.count - 1)))\" y=\"\(height - 8)\" text-anchor=\"end\" class=\"axis\">\(escape(points[points.count - 1].label))</text>"
            }
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
