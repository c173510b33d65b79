import VacancyLedger

/// A share as people read it: one decimal and a percent sign, in the reader's language
/// (0.3333 → "33.3 %", in Danish "33,3 %").
package func percentText(_ share: Double) -> String { Local.percent(share) }
