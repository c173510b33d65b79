/// The sample files beside this one, embedded in the binary so `demo` runs anywhere.
public enum SampleData {
    /// Departments in the `department import` format.
    public static let departmentsCSV = String(decoding: PackageResources.departments_csv, as: UTF8.self)
    /// A stream of vacancies with the municipality's answer should each be offered.
    public static let vacanciesCSV = String(decoding: PackageResources.vacancies_csv, as: UTF8.self)
}
