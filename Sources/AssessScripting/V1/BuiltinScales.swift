import AssessModel

/// Scales every script can name by id without declaring them (`scale = "agreement5"`), and which
/// `assess.scales` exposes as values.
public enum BuiltinScales {
    public static let frequency5 = Scale(id: "frequency5", kind: "frequency", options: [
        ScaleOption(value: 1, label: "Never"), ScaleOption(value: 2, label: "Rarely"),
        ScaleOption(value: 3, label: "Sometimes"), ScaleOption(value: 4, label: "Often"),
        ScaleOption(value: 5, label: "Always"),
    ])
    public static let frequency5NotObserved = Scale(id: "frequency5_not_observed", kind: "frequency",
                                                     options: frequency5.options + [ScaleOption(value: nil, label: "Not observed", notApplicable: true)])
    public static let agreement5 = Scale(id: "agreement5", kind: "agreement", options: [
        ScaleOption(value: 1, label: "Strongly disagree"), ScaleOption(value: 2, label: "Disagree"),
        ScaleOption(value: 3, label: "Neither agree nor disagree"), ScaleOption(value: 4, label: "Agree"),
        ScaleOption(value: 5, label: "Strongly agree"),
    ])
    public static let importance4 = Scale(id: "importance4", kind: "importance", options: [
        ScaleOption(value: 1, label: "Not important"), ScaleOption(value: 2, label: "Somewhat important"),
        ScaleOption(value: 3, label: "Important"), ScaleOption(value: 4, label: "Essential to the role"),
    ])
    public static let all = [frequency5, frequency5NotObserved, agreement5, importance4]
}
