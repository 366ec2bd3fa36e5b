/// Collects every field error of a form before refusing it, so that a user sees all that is wrong
/// at once instead of one error per attempt.
struct FieldProblems {
    private(set) var errors: [VigilError] = []

    /// Runs one check; a field error is kept and nil returned, any other error is thrown.
    mutating func check<T>(_ body: () throws -> T) throws -> T? {
        do { return try body() } catch let error as VigilError where error.field != nil {
            errors.append(error)
            return nil
        }
    }

    mutating func add(_ error: VigilError) { errors.append(error) }

    func throwIfAny() throws {
        guard var first = errors.first else { return }
        first.fieldErrors = errors
        throw first
    }
}
