import AssessModel

/// Foundation also has a `Dimension`; in this module the name means the instrument's.
typealias Dimension = AssessModel.Dimension
