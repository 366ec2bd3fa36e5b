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
        line(points, maximum: 100, intervals: 4, unit: "%", target: target, title: title, width: width, height: height)
    }

    /// Values over time from 0 to a round maximum (1, 2 or 5 times a power of ten) at or above the
    /// largest (response times: `unit` " ms").
    static func valueLine(_ points: [Point], unit: String, title: String, width: Int = 640, height: Int = 200) -> String {
        let largest = points.map(\.value).max() ?? 0
        var maximum = 1.0
        while maximum < largest {
            for step in [2.0, 2.5, 2.0] where maximum < largest { maximum *= step }
        }
        // Grid lines on round numbers: fifths of 1 or 5, quarters of 2.
        let leading = maximum / pow(10, (log10(maximum)).rounded(.down))
        return line(points, maximum: maximum, intervals: leading.rounded() == 2 ? 4 : 5, unit: unit, target: nil, title: title, width: width, height: height)
    }

    private static func line(_ points: [Point], maximum: Double, intervals: Int, unit: String, target: Double?, title: String, width: Int, height: Int) -> String {
        let left = 48.0, right = 10.0, top = 10.0, bottom = 30.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        func x(_ index: Int) -> Double {
            points.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(max(value, 0), maximum) / maximum) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\" class=\"chart\">"
        svg += "<title>\(escape(title))</title>"
        for tick in stride(from: 0.0, through: maximum * 1.0001, by: maximum / Double(intervals)) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" class=\"axis\">\(number(tick))\(escape(unit))</text>"
        }
        if let target {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(target)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(target)))\" class=\"target\"/>"
        }
        if !points.isEmpty {
            let path = points.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element.value)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" class=\"line\"/>"
            for (index, point) in points.enumerated() {
                svg += "<circle cx=\"\(f(x(index)))\" cy=\"\(f(y(point.value)))\" r=\"3\" class=\"dot\"><title>\(escape(point.label)): \(f(point.value))\(escape(unit))</title></circle>"
            }
            // The first and last labels under the axis.
            svg += "<text x=\"\(f(x(0)))\" y=\"\(height - 8)\" text-anchor=\"start\" class=\"axis\">\(escape(points[0].label))</text>"
            if points.count > 1 {
                svg += "<text x=\"\(f(x(points.count - 1)))\" y=\"\(height - 8)\" text-anchor=\"end\" class=\"axis\">\(escape(points[points.count - 1].label))</text>"
            }
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        XMLText.escape(text)
    }
}
