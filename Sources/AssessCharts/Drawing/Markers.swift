import Foundation

extension SVGWriter {
    /// Draws a marker of `shape` centred on (x, y), about `size` across, filled with `colour`
    /// and edged in white so overlapping markers stay visible.
    mutating func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double, colour: String) {
        let r = size / 2
        let paint: Attributes = [("fill", colour), ("stroke", "#FFFFFF"), ("stroke-width", "1")]
        switch shape {
        case .circle:
            leaf("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r))] + paint)
        case .square:
            let s = r * 0.9
            leaf("rect", [("x", n(x - s)), ("y", n(y - s)), ("width", n(2 * s)), ("height", n(2 * s))] + paint)
        case .triangle:
            leaf("polygon", [("points", points([(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]))] + paint)
        case .triangleDown:
            leaf("polygon", [("points", points([(x, y + r * 1.15), (x - r * 1.1, y - r * 0.8), (x + r * 1.1, y - r * 0.8)]))] + paint)
        case .diamond:
            let s = r * 1.2
            leaf("polygon", [("points", points([(x, y - s), (x + s, y), (x, y + s), (x - s, y)]))] + paint)
        case .plus:
            leaf("polygon", [("points", points(Self.plusPoints(x: x, y: y, r: r * 1.1, rotated: false)))] + paint)
        case .cross:
            leaf("polygon", [("points", points(Self.plusPoints(x: x, y: y, r: r * 1.15, rotated: true)))] + paint)
        case .star:
            let list = (0..<10).map { k -> (Double, Double) in
                let radius = k % 2 == 0 ? r * 1.25 : r * 0.55
                let angle = -Double.pi / 2 + Double(k) * Double.pi / 5
                return (x + radius * cos(angle), y + radius * sin(angle))
            }
            leaf("polygon", [("points", points(list))] + paint)
        }
    }

    /// The twelve corners of a plus sign, or of a diagonal cross when `rotated`.
    private static func plusPoints(x: Double, y: Double, r: Double, rotated: Bool) -> [(Double, Double)] {
        let t = r * 0.36
        let base: [(Double, Double)] = [
            (-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t),
            (t, r), (-t, r), (-t, t), (-r, t), (-r, -t), (-t, -t),
        ]
        return base.map { p in
            if rotated {
                let c = 0.7071067811865476
                return (x + (p.0 - p.1) * c, y + (p.0 + p.1) * c)
            }
            return (x + p.0, y + p.1)
        }
    }
}
