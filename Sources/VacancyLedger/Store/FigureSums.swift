/// Figures summed per department and period as SQLite streams rows of kept counters
/// (`Store.sumFigures`), keyed by the department's stored bytes.
///
/// A Swift dictionary keyed by `String` made a string and a SipHash for every row: half of
/// the Swift side of a year's audit at 1M (24,000 rows of `counters_by_month`). Here a row
/// costs a short FNV-1a hash and one `memcmp`; strings are made once per key, at the end.
struct FigureSums {
    /// Open addressing, linear probing: an index into the entries, or -1. A power of two long,
    /// at most half full.
    private var slots = [Int32](repeating: -1, count: 256)
    private var departments: [[UInt8]] = []
    private var periods: [Int64] = []
    private var figures: [MonthFigures] = []
    /// False only in a test: every key hashes alike, so every lookup probes and compares.
    private let spreads: Bool

    init(spreads: Bool = true) { self.spreads = spreads }

    /// Adds `f` to the sum of the department whose stored text is `department`, in `period`.
    mutating func add(department: UnsafeRawBufferPointer, period: Int64, _ f: MonthFigures) {
        let mask = slots.count - 1
        var slot = hash(department, period) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if periods[entry] == period, departments[entry].withUnsafeBytes({ sameBytes($0, department) }) {
                figures[entry].add(f)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(figures.count)
        departments.append(Array(department))
        periods.append(period)
        figures.append(f)
        if figures.count * 2 > slots.count { grow() }
    }

    /// The sums by department and period.
    var sums: [CounterKey: MonthFigures] {
        var result: [CounterKey: MonthFigures] = Dictionary(minimumCapacity: figures.count)
        for entry in figures.indices {
            let id = DepartmentID(stored: String(decoding: departments[entry], as: UTF8.self))
            result[CounterKey(department: id, periodID: periods[entry])] = figures[entry]
        }
        return result
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for entry in figures.indices {
            var slot = departments[entry].withUnsafeBytes { hash($0, periods[entry]) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }

    private func hash(_ bytes: UnsafeRawBufferPointer, _ period: Int64) -> Int {
        guard spreads else { return 0 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bitPattern: period)
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}
