import Foundation
import Crypto
import Yams

/// The agreement as data: every number and assumed reading of RULES.md §6a.
/// Loaded from a commented YAML file (see `copenhagen-2024.yaml`), stored per version.
public struct Policy: Hashable, Sendable, Codable {
    public var name: String
    public var period: DateRange
    public var referralCap: ReferralCap
    public var rehousing: Rehousing
    public var cycles: [Cycle]
    public var areaStaircase: AreaStaircase
    public var waitingListFallback: WaitingListFallback
    public var fourthDwelling: FourthDwelling
    public var placement: PlacementThresholds
    public var tightenedIncome: TightenedIncome

    /// I1, G1, S1.
    public struct ReferralCap: Hashable, Sendable, Codable {
        /// Realised referral ≤ one in `every` vacancies.
        public var every: Int
        /// G1 also counts pending offers.
        public var countPending: Bool
    }

    /// R3.
    public struct Rehousing: Hashable, Sendable, Codable {
        /// Every `every`-th vacancy is a rehousing unit.
        public var every: Int
        public var byBaseStep: [BaseStepWindows]
    }

    public struct BaseStepWindows: Hashable, Sendable, Codable {
        public var baseStep: Int
        public var windows: [RehousingWindow]
    }

    public struct RehousingWindow: Hashable, Sendable, Codable {
        public var from: CivilDate
        public var to: CivilDate
        public var oddK: Route
        public var evenK: Route
    }

    /// R4: one route per position p = 1 … every − 1.
    public struct Cycle: Hashable, Sendable, Codable {
        public var step: Int
        public var routes: [Route]
    }

    /// R2.
    public struct AreaStaircase: Hashable, Sendable, Codable {
        /// Offer every N-th area step-1 vacancy to the municipality; 0 = never.
        public var step1ReferralEvery: Int
    }

    /// R6.
    public enum WaitingListFallback: String, Hashable, Sendable, Codable {
        case flexibleIfInCycle, flexible, ordinary
    }

    /// G2.
    public struct FourthDwelling: Hashable, Sendable, Codable {
        public var run: Int
        public var counts: Counts
        public enum Counts: String, Hashable, Sendable, Codable { case offers, allVacancies }
    }

    /// §2: thresholds for placement (used when placements are computed from indicators).
    public struct PlacementThresholds: Hashable, Sendable, Codable {
        public var recomputeYearly: Bool
        public var nearListedResidents: Int
        public var listedResidents: Int
        public var designation: Thresholds
        public var riskZone: Thresholds
        /// P3 "as if forebyggelse" needs a non-Western share above this (§ 61 b); without it
        /// in the policy, P3 never gives P2. Optional, so policies written before it keep
        /// their content hash.
        public var forebyggelseNonWesternShareAbove: Double?
        public var steps: [StepBand]
    }

    public struct Thresholds: Hashable, Sendable, Codable {
        public var minimumMet: Int
        public var outsideWorkShareAbove: Double
        public var convictionRatioAtLeast: Double
        public var primarySchoolOnlyShareAbove: Double
        public var incomeRatioBelow: Double
    }

    /// Figure 3: from a share of referred households upwards, the step per need level.
    public struct StepBand: Hashable, Sendable, Codable {
        public var referralShareFrom: Double
        public var high: Int
        public var medium: Int
        public var low: Int
    }

    public struct TightenedIncome: Hashable, Sendable, Codable {
        public var amountKr: Int
        public var asOf: CivilDate
    }

    /// The R4 cycle of a step.
    public func cycle(step: Int) -> [Route]? { cycles.first { $0.step == step }?.routes }
}

// MARK: - Loading

extension Policy {
    /// The built-in Copenhagen 2024–2027 policy file, comments included.
    public static let defaultSource = String(decoding: PackageResources.copenhagen_2024_yaml, as: UTF8.self)

    /// The built-in policy, parsed.
    public static let copenhagen2024: Policy = {
        do { return try Policy.parse(defaultSource) } catch {
            preconditionFailure("the built-in policy does not parse: \(error)")
        }
    }()

    /// Parses and validates a policy file; every problem is a `badInput` naming the setting.
    public static func parse(_ text: String) throws -> Policy {
        let policy: Policy
        do {
            policy = try YAMLDecoder().decode(Policy.self, from: text)
        } catch let error as DecodingError {
            throw LedgerError.policyFile(detail: describe(error))
        } catch {
            throw LedgerError.policyFile(detail: "\(error)")
        }
        try policy.validate()
        return policy
    }

    /// Canonical JSON of the settings (sorted keys): what "same content" means, and what
    /// is stored with each version.
    public func canonicalJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    public var contentHash: String {
        SHA256.hash(data: Data(canonicalJSON().utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func fromCanonicalJSON(_ json: String) throws -> Policy {
        try JSONDecoder().decode(Policy.self, from: Data(json.utf8))
    }

    func validate() throws {
        func bad(_ message: String) -> LedgerError { .policyFile(detail: message) }
        guard !name.trimmingWhitespace(newlines: false).isEmpty else { throw bad("name is empty") }
        guard period.start <= period.end else { throw bad("period.start \(period.start) is after period.end \(period.end)") }
        guard referralCap.every >= 1 else { throw bad("referralCap.every \(referralCap.every) (accepted: 1 or more)") }
        guard rehousing.every >= 2 else { throw bad("rehousing.every \(rehousing.every) (accepted: 2 or more)") }
        for step in Staircase.department.steps {
            guard let routes = cycle(step: step) else { throw bad("cycles has no step \(step) (needed: steps 1–4)") }
            guard routes.count == rehousing.every - 1 else {
                throw bad("cycles step \(step) has \(routes.count) routes (needed: \(rehousing.every - 1), one per position between rehousing units)")
            }
            guard !routes.contains(.tightened) else { throw bad("cycles step \(step) uses tightened (accepted: referral, flexible, ordinary)") }
            guard rehousing.byBaseStep.contains(where: { $0.baseStep == step }) else {
                throw bad("rehousing.byBaseStep has no baseStep \(step) (needed: 1–4)")
            }
        }
        guard Set(cycles.map(\.step)).count == cycles.count, cycles.allSatisfy({ (1...4).contains($0.step) }) else {
            throw bad("cycles lists a step twice or a step outside 1–4")
        }
        for entry in rehousing.byBaseStep {
            guard (1...4).contains(entry.baseStep) else { throw bad("rehousing baseStep \(entry.baseStep) (accepted: 1–4)") }
            for window in entry.windows {
                guard window.from <= window.to else { throw bad("rehousing window \(window.from)–\(window.to) ends before it starts") }
                guard window.oddK != .tightened, window.evenK != .tightened else {
                    throw bad("rehousing window \(window.from) uses tightened (accepted: referral, flexible, ordinary)")
                }
            }
            let sorted = entry.windows.sorted { $0.from < $1.from }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.to >= b.from {
                throw bad("rehousing windows of base step \(entry.baseStep) overlap at \(b.from)")
            }
        }
        guard areaStaircase.step1ReferralEvery >= 0 else { throw bad("areaStaircase.step1ReferralEvery must be 0 or more") }
        guard fourthDwelling.run >= 1 else { throw bad("fourthDwelling.run \(fourthDwelling.run) (accepted: 1 or more)") }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "missing setting \(at.isEmpty ? "" : at + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "setting \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let at = path(context)
            return at.isEmpty ? context.debugDescription : "setting \(at): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
