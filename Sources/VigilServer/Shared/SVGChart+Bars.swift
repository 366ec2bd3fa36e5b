import Foundation

extension SVGChart {
    /// One horizontal bar per row, each a percentage (0–100) of its own track, with its label on the
    /// left and its figure on the right: a share per unit (acknowledged, covered) at a glance.
    static func percentBars(_ rows: [Point], title: String, width: Int = 640) -> String {
        let rowHeight = 26.0, labelWidth = 220.0, figureWidth = 48.0, barHeight = 14.0
        let height = max(1, rows.count) * Int(rowHeight) + 8
        let track = Double(width) - labelWidth - figureWidth
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\" class=\"chart bars\">"
        svg += "<title>\(escape(title))</title>"
        for (index, row) in rows.enumerated() {
            let top = 4 + Double(index) * rowHeight
            let value = min(max(row.value, 0), 100)
            let label = row.label.count > 32 ? String(row.label.prefix(31)) + "…" : row.label
            svg += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(top + barHeight - 2))\" text-anchor=\"end\" class=\"axis\">\(escape(label))</text>"
            svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(top))\" width=\"\(f(track))\" height=\"\(f(barHeight))\" class=\"track\"/>"
            svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(top))\" width=\"\(f(track * value / 100))\" height=\"\(f(barHeight))\" class=\"bar\">"
            svg += "<title>\(escape(row.label)): \(Int(value))%</title></rect>"
            svg += "<text x=\"\(f(labelWidth + track + 6))\" y=\"\(f(top + barHeight - 2))\" class=\"axis\">\(Int(value))%</text>"
        }
        return svg + "</svg>"
    }
}
