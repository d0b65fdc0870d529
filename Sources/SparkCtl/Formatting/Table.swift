/// Columns aligned as kubectl aligns them (Go's `text/tabwriter` with kubectl's settings): every
/// column but the last is padded to its widest cell plus `padding`, and to at least `minWidth`;
/// the last column is not padded.
public struct Table: Sendable {
    public var rows: [[String]]
    public var minWidth: Int
    public var padding: Int
    /// Prepended to every line (nested tables in `status`).
    public var indent: String

    /// `kubectl get`: tabwriter(minwidth 10, tabwidth 4, padding 3).
    public static func kubectlGet(header: [String], rows: [[String]]) -> Table {
        Table(rows: [header] + rows, minWidth: 10, padding: 3)
    }

    /// `kubectl describe`: tabwriter(minwidth 0, tabwidth 8, padding 2).
    public static func describe(_ rows: [[String]], indent: String = "") -> Table {
        Table(rows: rows, minWidth: 0, padding: 2, indent: indent)
    }

    public init(rows: [[String]], minWidth: Int, padding: Int, indent: String = "") {
        self.rows = rows
        self.minWidth = minWidth
        self.padding = padding
        self.indent = indent
    }

    /// The lines, each ending in a newline.
    public var rendered: String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            // A row's last cell is not terminated by a tab, so it does not widen its column.
            for (i, cell) in row.enumerated() where i < row.count - 1 {
                widths[i] = max(widths[i], max(minWidth, cell.count + padding))
            }
        }
        var out = ""
        for row in rows {
            var line = indent
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count) }
            }
            out += line + "\n"
        }
        return out
    }
}
