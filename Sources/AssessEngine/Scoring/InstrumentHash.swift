import AssessScripting

extension ScoreJob {
    /// The hash provenance records for an instrument: SHA-256 of its resolved model as canonical JSON.
    public static func instrumentHash(_ instrument: LoadedInstrument) -> String {
        hash(canonical(instrument.instrument))
    }
}
