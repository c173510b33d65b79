public import VacancyLedger
/// A deterministic sample Copenhagen: about 23 organisations, 343 departments, 50,000
/// family dwellings (39,000 on the department staircase), indicators that put departments
/// on every step with every flag, and a stream of vacancies for the whole agreement period
/// at about 10 % turnover a year with the municipality using about half of its offers
/// (the figures of the seeds). Same seed, same city, byte for byte.
public struct CityGenerator: Sendable {
    public struct Department: Sendable {
        public var id: DepartmentID
        public var name: String
        public var units: Int
        public var indicators: Indicators
        public var placement: Placement
    }

    /// A vacancy, with the answer the municipality gives should it be offered.
    public struct Vacancy: Sendable {
        public var department: DepartmentID
        public var unit: String
        public var date: CivilDate
        public var reservedUnit: Bool
        public var answer: Outcome
        public var answerDate: CivilDate
    }

    public var departments: [Department] = []
    public var vacancies: [Vacancy] = []

    static let organisations = ["AAB", "FSB", "KAB", "SAB", "AKB", "3B", "ØBO", "FAB", "DAB", "VIBO", "LEJERBO", "ÅBO",
                                "ÆBO", "SBS", "KBO", "ABF", "BSB", "VBO", "NBO", "HBO", "ÅLB", "ØSB", "FOB"]
    static let stems = ["Ærtebjerg", "Østerbro", "Åbrinke", "Søndergård", "Nørrebro", "Bispebjerg", "Valby", "Tingbjerg",
                        "Husum", "Brønshøj", "Vanløse", "Sundby", "Amager", "Kløver", "Lindevang", "Grøndal", "Bellahøj",
                        "Utterslev", "Emdrup", "Kildevæld", "Fælled", "Sjælør", "Ørestad", "Æbelø", "Åløkke", "Møllegård",
                        "Søborg", "Hørgård", "Vigerslev", "Kongens Enghave", "Ålholm", "Ørnevej", "Stærevej", "Blågård"]
    static let endings = ["have", "gården", "parken", "hus", "vænget", "byen", "lund", "bakken", "toften", "højen"]

    /// The seed of the committed sample files (`SampleData/city-*.csv`): a seed, not a year.
    public static let defaultSeed: UInt64 = 2024

    public init(seed: UInt64 = CityGenerator.defaultSeed, policy: Policy = .copenhagen2024) {
        var rng = SplitMix64(seed: seed)
        // Department sizes and kinds: 60 area departments (≈ 11,000 dwellings), 283 others (≈ 39,000).
        var names: Set<String> = []
        var perOrganisation: [String: Int] = [:]
        for index in 0..<343 {
            // Larger associations hold more departments (AAB, FSB, KAB first).
            let organisation = index < 23 ? Self.organisations[index] : Self.organisations[min(Int(rng.unit() * rng.unit() * 23), 22)]
            perOrganisation[organisation, default: 0] += 1
            let id = DepartmentID("\(organisation)-\(perOrganisation[organisation]!)")!
            let base = index == 0 ? "Ærtebjerghave" : Self.stems[rng.int(Self.stems.count)] + Self.endings[rng.int(Self.endings.count)]
            var name = base
            var suffix = 2
            while names.contains(name) { name = "\(base) \(suffix)"; suffix += 1 }
            names.insert(name)
            let isArea = index % 343 >= 283
            let units = isArea ? 120 + rng.int(122) : 60 + rng.int(157)
            let indicators = Self.rounded(Self.indicators(for: id, index: index, isArea: isArea, units: units, rng: &rng))
            var placement = PlacementRules.compute(indicators, policy: policy).placement
            if placement.staircase == .department && rng.unit() < 0.04 { placement.reserved = 2 + rng.int(7) }
            departments.append(Department(id: id, name: name, units: units, indicators: indicators, placement: placement))
        }
        // The stream: 10 % of the dwellings a year, dates spread over each year.
        let period = policy.period
        for year in period.start.year...period.end.year {
            for department in departments {
                let expected = Double(department.units) * 0.10
                let count = Int(expected) + (rng.unit() < expected - Double(Int(expected)) ? 1 : 0)
                for _ in 0..<count {
                    let date = CivilDate(year: year, month: 1, day: 1)!.adding(days: rng.int(365))
                    let reserved = department.placement.reserved > 0 && rng.unit() < Double(department.placement.reserved) / Double(department.units) * 3
                    let roll = rng.unit()
                    let answer: Outcome = roll < 0.42 ? .referred : roll < 0.50 ? .rehoused : .returned
                    vacancies.append(Vacancy(department: department.id, unit: String(1 + rng.int(department.units)),
                                             date: date, reservedUnit: reserved, answer: answer,
                                             answerDate: min(date.adding(days: 3 + rng.int(38)), period.end)))
                }
            }
        }
        vacancies.sort { ($0.date, $0.department) < ($1.date, $1.department) }
    }

    /// Indicators aimed at a mix where every staircase, step and flag occurs.
    static func indicators(for id: DepartmentID, index: Int, isArea: Bool, units: Int, rng: inout SplitMix64) -> Indicators {
        func around(_ value: Double, _ spread: Double) -> Double { max(0, min(1, value + (rng.unit() - 0.5) * spread)) }
        var i = Indicators(department: id, residents: units * 2 + rng.int(units), areaList: .none, areaResidents: 1500 + rng.int(4000),
                           outsideWorkShare: around(0.18, 0.16), convictionRatio: 0.3 + rng.unit() * 1.4,
                           primarySchoolOnlyShare: around(0.30, 0.2), incomeRatio: around(0.80, 0.2),
                           referredShare: around(0.14, 0.2))
        // The non-Western share (§ 61 b, P3) from a generator of its own, so adding it left
        // every other drawn value as it was.
        var own = SplitMix64(seed: 0x5EED_0061 ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        i.nonWesternShare = 0.15 + own.unit() * 0.45
        if isArea {
            // Listed areas, preventive areas, and a few just under 1,000 residents (P3).
            let kind = index % 6
            i.areaList = [AreaList.udsat, .parallelsamfund, .omdannelse, .forebyggelse, .forebyggelse, .none][kind]
            i.outsideWorkShare = around(kind < 3 ? 0.45 : 0.34, 0.08)
            i.incomeRatio = around(kind < 3 ? 0.50 : 0.60, 0.08)
            i.convictionRatio = kind < 3 ? 1.5 + rng.unit() * 2.5 : 0.8 + rng.unit() * 1.6
            i.primarySchoolOnlyShare = around(0.55, 0.2)
            if kind == 5 { i.areaResidents = 951 + rng.int(48) }
            return i
        }
        // Department staircase: a need level and a referral band per department.
        switch rng.int(10) {
        case 0...1:  // High: two § 61 a criteria.
            i.outsideWorkShare = around(0.46, 0.08)
            if rng.unit() < 0.5 { i.primarySchoolOnlyShare = around(0.66, 0.08) } else { i.convictionRatio = 3.0 + rng.unit() }
        case 2...4:  // Medium: two risk-zone criteria.
            i.outsideWorkShare = around(0.35, 0.06)
            i.incomeRatio = around(0.60, 0.06)
        default: break
        }
        i.referredShare = [around(0.28, 0.06), around(0.225, 0.04), around(0.12, 0.14)][rng.int(3)]
        i.atRisk = rng.unit() < 0.5
        i.exempt = rng.unit() < 0.4
        return i
    }

    /// Values as written to `indicators.csv` (4 decimals), so the file places departments
    /// exactly as the generator did.
    static func rounded(_ i: Indicators) -> Indicators {
        func r(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
        var i = i
        i.outsideWorkShare = r(i.outsideWorkShare)
        i.convictionRatio = r(i.convictionRatio)
        i.primarySchoolOnlyShare = r(i.primarySchoolOnlyShare)
        i.incomeRatio = r(i.incomeRatio)
        i.referredShare = r(i.referredShare)
        i.nonWesternShare = i.nonWesternShare.map(r)
        return i
    }

    // MARK: The committed files

    /// `departments.csv` in the `department import` format.
    public var departmentsCSV: String {
        CSVText.render([DepartmentCSV.header] + departments.map { d in
            let p = d.placement
            return [d.id.rawValue, d.name, String(d.units), p.staircase.rawValue, String(p.step), "", String(p.atRisk),
                    String(p.exempt), String(p.reserved), p.criteria.map(\.rawValue).joined(separator: ";"), ""]
        })
    }

    /// `indicators.csv` in the `placement compute` format.
    public var indicatorsCSV: String {
        func f(_ x: Double) -> String { String(x) }
        return CSVText.render([IndicatorsCSV.header + ["non_western_share"]] + departments.map { d in
            let i = d.indicators
            return [d.id.rawValue, String(i.residents), i.areaList.rawValue, String(i.areaResidents), f(i.outsideWorkShare),
                    f(i.convictionRatio), f(i.primarySchoolOnlyShare), f(i.incomeRatio), f(i.referredShare),
                    String(i.atRisk), String(i.exempt), i.nonWesternShare.map(f) ?? ""]
        })
    }
}

/// A small, fast, seedable generator (SplitMix64), so the sample city is the same everywhere.
public struct SplitMix64: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Uniform in 0..<bound.
    public mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

extension CivilDate {
    /// The date `days` later.
    public func adding(days: Int) -> CivilDate {
        // From the day number back to a date (the inverse of `dayNumber`).
        let n = dayNumber + days
        var y = (10000 * n + 14780) / 3_652_425
        var ddd = n - (365 * y + y / 4 - y / 100 + y / 400)
        if ddd < 0 {
            y -= 1
            ddd = n - (365 * y + y / 4 - y / 100 + y / 400)
        }
        let mi = (100 * ddd + 52) / 3060
        let month = (mi + 2) % 12 + 1
        let year = y + (mi + 2) / 12
        let day = ddd - (mi * 306 + 5) / 10 + 1
        return CivilDate(year: year, month: month, day: day)!
    }
}
