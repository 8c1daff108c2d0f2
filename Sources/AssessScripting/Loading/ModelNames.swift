import AssessModel

/// Foundation also has a `Dimension`; inside this module the name means the instrument's.
typealias Dimension = AssessModel.Dimension
