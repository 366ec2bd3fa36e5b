import Foundation

extension SVGChart {
    struct HeatCell {
        /// The cell's class (its colour comes from the style sheet).
        let style: String
        let link: String
        let title: String
    }

    struct HeatRow {
        let label: String
        let link: String
        let cells: [HeatCell]
    }

    /// A grid of coloured cells, one row per item and one column per measure, each cell a link:
    /// a whole province at a glance. Column labels are slanted so that nine fit over narrow cells.
    static func heatMap(columns: [String], rows: [HeatRow], title: String, cell: Int = 34, labelWidth: Int = 230) -> String {
        let top = 120, gap = 2
        let width = labelWidth + columns.count * (cell + gap) + 40
        let height = top + rows.count * (cell + gap) + 4
        func label(_ text: String, limit: Int) -> String { text.count > limit ? String(text.prefix(limit - 1)) + "…" : text }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\" class=\"heat-map\">"
        svg += "<title>\(escape(title))</title>"
        for (index, column) in columns.enumerated() {
            let x = labelWidth + index * (cell + gap) + cell / 2
            svg += "<text x=\"\(x)\" y=\"\(top - 8)\" transform=\"rotate(-40 \(x) \(top - 8))\" class=\"axis\">\(escape(label(column, limit: 22)))</text>"
        }
        for (rowIndex, row) in rows.enumerated() {
            let y = top + rowIndex * (cell + gap)
            svg += "<a href=\"\(escape(row.link))\"><text x=\"\(labelWidth - 8)\" y=\"\(y + cell / 2 + 5)\" text-anchor=\"end\" class=\"axis\">\(escape(label(row.label, limit: 34)))</text></a>"
            for (index, item) in row.cells.enumerated() {
                let x = labelWidth + index * (cell + gap)
                svg += "<a href=\"\(escape(item.link))\"><rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"3\" class=\"\(escape(item.style))\"><title>\(escape(item.title))</title></rect></a>"
            }
        }
        return svg + "</svg>"
    }
}
