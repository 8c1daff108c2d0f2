-- Statement bank for a Developing People – Improving Care (2016) capability check.
-- Capability names follow the framework; summaries and statements are AssessKit's own wording.
-- Statements describe what a team or organisation has or does.
return {
  { id = "systems_leadership", title = "Systems leadership",
    summary = "Working with partners across organisational boundaries to improve health and care for a whole population.",
    statements = {
      { id = "sl_1", text = "Works with partner organisations towards shared goals for the local population" },
      { id = "sl_2", text = "Plans services around patient pathways rather than organisational boundaries" },
      { id = "sl_3", text = "Shares data with partners to understand demand across the system" },
      { id = "sl_4", text = "Resolves disagreements with partner organisations through open, constructive discussion" },
      { id = "sl_5", text = "Involves local communities in designing how services are delivered" },
      { id = "sl_6", text = "Gives staff time to build relationships with colleagues in other organisations" },
    } },
  { id = "improvement_skills", title = "Improvement skills",
    summary = "Using a shared, systematic method to test and spread changes that make care better.",
    statements = {
      { id = "is_1", text = "Plots measures over time to see whether changes lead to improvement" },
      { id = "is_2", text = "Trains staff at every level in a shared improvement method" },
      { id = "is_3", text = "Tests changes on a small scale before spreading them" },
      { id = "is_4", text = "Involves frontline staff and patients in choosing what to improve" },
      { id = "is_5", text = "Protects time within working schedules for improvement activity" },
      { id = "is_6", text = "Shares improvement results openly, including projects that did not succeed" },
    } },
  { id = "compassionate_inclusive", title = "Compassionate and inclusive leadership",
    summary = "Leading in ways that listen to, support and fairly include every member of staff.",
    statements = {
      { id = "ci_1", text = "Makes time to listen to staff concerns without rushing to judgement" },
      { id = "ci_2", text = "Takes practical action to remove obstacles staff face in their work" },
      { id = "ci_3", text = "Monitors staff experience by ethnicity, disability and other characteristics" },
      { id = "ci_4", text = "Responds promptly and fairly to reports of bullying or discrimination" },
      { id = "ci_5", text = "Ensures a range of voices are heard in decision-making forums" },
      { id = "ci_6", text = "Treats staff wellbeing as part of everyday management" },
    } },
  { id = "talent_management", title = "Talent management",
    summary = "Finding, developing and keeping the people the service needs now and in future.",
    statements = {
      { id = "tm_1", text = "Identifies people with potential and supports their development" },
      { id = "tm_2", text = "Holds regular career conversations with staff at all levels" },
      { id = "tm_3", text = "Plans succession for critical roles well before vacancies arise" },
      { id = "tm_4", text = "Uses fair, transparent processes to select people for development programmes" },
      { id = "tm_5", text = "Offers secondments, shadowing and stretch assignments to build skills" },
      { id = "tm_6", text = "Checks whether development opportunities reach under-represented groups" },
    } },
}
