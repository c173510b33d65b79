/// A share as people read it: one decimal and a percent sign (0.3333 → "33.3 %").
package func percentText(_ share: Double) -> String {
    let tenths = Int((share * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10) %"
}
