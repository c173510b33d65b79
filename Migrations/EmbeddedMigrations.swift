/// The schema migrations, in order. Each is an SQL file beside this one, embedded in the
/// binary by SwiftPM (`.embedInCode`). A landed migration never changes: add a new file.
public enum EmbeddedMigrations {
    public static let all: [(identifier: String, sql: String)] = [
        ("m001_initial", String(decoding: PackageResources.m001_initial_sql, as: UTF8.self)),
        ("m002_placement_basis", String(decoding: PackageResources.m002_placement_basis_sql, as: UTF8.self)),
        ("m003_journal_everything", String(decoding: PackageResources.m003_journal_everything_sql, as: UTF8.self)),
        ("m004_non_western_share", String(decoding: PackageResources.m004_non_western_share_sql, as: UTF8.self)),
        ("m005_import_line", String(decoding: PackageResources.m005_import_line_sql, as: UTF8.self)),
        ("m006_lettings", String(decoding: PackageResources.m006_lettings_sql, as: UTF8.self)),
        ("m007_vacancy_by_date", String(decoding: PackageResources.m007_vacancy_by_date_sql, as: UTF8.self)),
        ("m008_access_tokens", String(decoding: PackageResources.m008_access_tokens_sql, as: UTF8.self)),
        ("m009_counters_by_month", String(decoding: PackageResources.m009_counters_by_month_sql, as: UTF8.self)),
        ("m010_counters_by_day", String(decoding: PackageResources.m010_counters_by_day_sql, as: UTF8.self)),
        ("m011_letting", String(decoding: PackageResources.m011_letting_sql, as: UTF8.self)),
        ("m012_dated_one_in_three", String(decoding: PackageResources.m012_dated_one_in_three_sql, as: UTF8.self)),
        ("m013_unique_token_names", String(decoding: PackageResources.m013_unique_token_names_sql, as: UTF8.self)),
        ("m014_token_authorship", String(decoding: PackageResources.m014_token_authorship_sql, as: UTF8.self)),
        ("m015_folded_identifiers", String(decoding: PackageResources.m015_folded_identifiers_sql, as: UTF8.self)),
    ]
}
