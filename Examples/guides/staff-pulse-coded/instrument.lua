-- The team pulse as a forms tool exports it: questions numbered Q1 to Q6 and answers as codes
-- (SA, A, N, D, SD, DK). Everything but the column names comes from staff-pulse, the folder
-- beside this one.
return assess.instrument {
  api = 1,
  extends = "staff-pulse",
  id = "staff-pulse-coded",
  version = "1.0.0",
  columns = {
    respondent = "ResponseId",
    subject = "Team",
    rater = "RespondentType",
    items = { cl_1 = "Q1", cl_2 = "Q2", cl_3 = "Q3", su_1 = "Q4", su_2 = "Q5", su_3 = "Q6" },
  },
}
