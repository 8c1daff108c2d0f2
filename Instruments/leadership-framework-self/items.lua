-- Statement bank for the Leadership Framework (2011) self-assessment.
-- Domain and element names follow the framework's structure; the element names of the last two
-- domains are unconfirmed. Every statement is AssessKit's own wording, rated for how often it applies.
return {
  { id = "personal_qualities", title = "Demonstrating personal qualities", core = true, elements = {
      { id = "self_awareness", title = "Developing self awareness", statements = {
          { id = "dpq_sa_1", text = "Reflects on how own mood affects the way others respond" },
          { id = "dpq_sa_2", text = "Acknowledges the limits of own expertise to colleagues" },
          { id = "dpq_sa_3", text = "Considers how personal beliefs and assumptions may be shaping own judgements" },
          { id = "dpq_sa_4", text = "Reviews difficult situations afterwards to see what could have gone differently" },
      } },
      { id = "managing_yourself", title = "Managing yourself", statements = {
          { id = "dpq_my_1", text = "Plans own workload to meet commitments without last-minute rushes" },
          { id = "dpq_my_2", text = "Stays composed when faced with competing demands or setbacks" },
          { id = "dpq_my_3", text = "Keeps promises made to colleagues, patients and service users" },
          { id = "dpq_my_4", text = "Takes steps to manage own stress before it affects work" },
      } },
      { id = "continuing_development", title = "Continuing personal development", statements = {
          { id = "dpq_cd_1", text = "Sets specific personal learning goals for the year ahead" },
          { id = "dpq_cd_2", text = "Takes up opportunities to learn from colleagues in other professions" },
          { id = "dpq_cd_3", text = "Applies lessons from training or reading to everyday practice" },
          { id = "dpq_cd_4", text = "Treats own mistakes as chances to learn rather than things to hide" },
      } },
      { id = "acting_with_integrity", title = "Acting with integrity", statements = {
          { id = "dpq_ai_1", text = "Treats everyone with courtesy regardless of role, background or status" },
          { id = "dpq_ai_2", text = "Challenges discriminatory language or behaviour when it occurs" },
          { id = "dpq_ai_3", text = "Raises concerns through proper channels when standards are not being met" },
          { id = "dpq_ai_4", text = "Remains open and honest with people when things go wrong" },
      } },
  } },
  { id = "working_with_others", title = "Working with others", core = true, elements = {
      { id = "developing_networks", title = "Developing networks", statements = {
          { id = "wwo_dn_1", text = "Identifies people across the organisation whose support will help the team" },
          { id = "wwo_dn_2", text = "Builds contacts with partners such as social care and voluntary groups" },
          { id = "wwo_dn_3", text = "Shares information with other teams to help join up care" },
          { id = "wwo_dn_4", text = "Takes part in professional networks beyond own organisation" },
      } },
      { id = "building_relationships", title = "Building and maintaining relationships", statements = {
          { id = "wwo_br_1", text = "Listens carefully to understand another point of view before responding" },
          { id = "wwo_br_2", text = "Follows through on agreements made with colleagues in other teams" },
          { id = "wwo_br_3", text = "Handles disagreements in a way that keeps working relationships intact" },
          { id = "wwo_br_4", text = "Makes an effort to understand the pressures facing colleagues in other roles" },
      } },
      { id = "encouraging_contribution", title = "Encouraging contribution", statements = {
          { id = "wwo_ec_1", text = "Invites patients and carers to share views on how services could improve" },
          { id = "wwo_ec_2", text = "Creates space for less experienced colleagues to offer ideas" },
          { id = "wwo_ec_3", text = "Values contributions from people with different backgrounds and perspectives" },
          { id = "wwo_ec_4", text = "Responds positively when colleagues raise questions or concerns" },
      } },
      { id = "working_within_teams", title = "Working within teams", statements = {
          { id = "wwo_wt_1", text = "Makes sure own role and responsibilities in the team are clear" },
          { id = "wwo_wt_2", text = "Offers help to colleagues when their workload is heavy" },
          { id = "wwo_wt_3", text = "Supports team decisions once they have been agreed" },
          { id = "wwo_wt_4", text = "Gives credit to others for shared successes" },
      } },
  } },
  { id = "managing_services", title = "Managing services", core = true, elements = {
      { id = "planning", title = "Planning", statements = {
          { id = "ms_pl_1", text = "Sets out clear plans with timescales for each piece of work" },
          { id = "ms_pl_2", text = "Involves the people affected when drawing up service plans" },
          { id = "ms_pl_3", text = "Prepares contingency arrangements for the main risks to a plan" },
          { id = "ms_pl_4", text = "Links team plans to the wider priorities of the organisation" },
      } },
      { id = "managing_resources", title = "Managing resources", statements = {
          { id = "ms_mr_1", text = "Uses budgets, equipment and supplies carefully to avoid waste" },
          { id = "ms_mr_2", text = "Matches staffing levels to expected demand across the week" },
          { id = "ms_mr_3", text = "Looks for ways to deliver the same quality at lower cost" },
          { id = "ms_mr_4", text = "Flags resource shortfalls early to the people who can act on them" },
      } },
      { id = "managing_people", title = "Managing people", statements = {
          { id = "ms_mp_1", text = "Agrees clear objectives with each team member" },
          { id = "ms_mp_2", text = "Follows fair and consistent processes when recruiting staff" },
          { id = "ms_mp_3", text = "Deals with conduct concerns in line with agreed policies" },
          { id = "ms_mp_4", text = "Ensures new starters receive a thorough induction to the team" },
      } },
      { id = "managing_performance", title = "Managing performance", statements = {
          { id = "ms_pf_1", text = "Monitors team performance against agreed standards and targets" },
          { id = "ms_pf_2", text = "Acts promptly when performance starts to slip" },
          { id = "ms_pf_3", text = "Reviews service data with the team to agree next steps" },
          { id = "ms_pf_4", text = "Reports progress honestly, including where targets have been missed" },
      } },
  } },
  { id = "improving_services", title = "Improving services", core = true, elements = {
      { id = "patient_safety", title = "Ensuring patient safety", statements = {
          { id = "is_ps_1", text = "Reports incidents and near misses promptly through the right channels" },
          { id = "is_ps_2", text = "Checks that safety procedures are still followed during busy periods" },
          { id = "is_ps_3", text = "Shares learning from incidents so the same errors are not repeated" },
          { id = "is_ps_4", text = "Assesses the safety risks of a change before introducing it" },
      } },
      { id = "critically_evaluating", title = "Critically evaluating", statements = {
          { id = "is_ce_1", text = "Examines how well current processes work instead of accepting them as they are" },
          { id = "is_ce_2", text = "Uses audit findings to judge the quality of care provided" },
          { id = "is_ce_3", text = "Tests ideas against published evidence and guidance" },
          { id = "is_ce_4", text = "Considers what patients say when assessing how well a service works" },
      } },
      { id = "improvement_innovation", title = "Encouraging improvement and innovation", statements = {
          { id = "is_ii_1", text = "Encourages colleagues to try out new ways of working" },
          { id = "is_ii_2", text = "Backs small-scale tests of a new idea before wider roll-out" },
          { id = "is_ii_3", text = "Questions established routines that no longer serve patients well" },
          { id = "is_ii_4", text = "Recognises colleagues who suggest practical improvements to the service" },
      } },
      { id = "facilitating_transformation", title = "Facilitating transformation", statements = {
          { id = "is_ft_1", text = "Explains clearly why a major change is needed" },
          { id = "is_ft_2", text = "Helps colleagues work through uncertainty during periods of change" },
          { id = "is_ft_3", text = "Acknowledges what people may be losing when services are redesigned" },
          { id = "is_ft_4", text = "Works with staff to remove barriers that slow down agreed changes" },
      } },
  } },
  { id = "setting_direction", title = "Setting direction", core = true, elements = {
      { id = "contexts_for_change", title = "Identifying the contexts for change", statements = {
          { id = "sd_cc_1", text = "Keeps up to date with national policy affecting health and care" },
          { id = "sd_cc_2", text = "Pays attention to how the health needs of the local population are changing" },
          { id = "sd_cc_3", text = "Looks at developments in other services that could shape own area" },
          { id = "sd_cc_4", text = "Considers political, financial and social factors when weighing options" },
      } },
      { id = "knowledge_and_evidence", title = "Applying knowledge and evidence", statements = {
          { id = "sd_ke_1", text = "Gathers relevant evidence before recommending a course of action" },
          { id = "sd_ke_2", text = "Compares the service's results with those of similar services" },
          { id = "sd_ke_3", text = "Interprets data carefully, taking account of its limitations" },
          { id = "sd_ke_4", text = "Draws on research and proven practice to shape service proposals" },
      } },
      { id = "making_decisions", title = "Making decisions", statements = {
          { id = "sd_md_1", text = "Makes timely decisions even when information is incomplete" },
          { id = "sd_md_2", text = "Explains the reasoning behind decisions to those affected" },
          { id = "sd_md_3", text = "Weighs the likely impact on patients before finalising a decision" },
          { id = "sd_md_4", text = "Consults relevant colleagues before making decisions that affect them" },
      } },
      { id = "evaluating_impact", title = "Evaluating impact", statements = {
          { id = "sd_ei_1", text = "Agrees how success will be measured before a change begins" },
          { id = "sd_ei_2", text = "Reviews whether past decisions achieved their intended results" },
          { id = "sd_ei_3", text = "Seeks feedback from service users on the effect of changes" },
          { id = "sd_ei_4", text = "Adjusts plans when evidence shows they are not working" },
      } },
  } },
  { id = "creating_the_vision", title = "Creating the vision", core = false, elements = {
      { id = "developing_the_vision", title = "Developing the vision for the organisation", statements = {
          { id = "cv_dv_1", text = "Helps shape a long-term picture of what the organisation should achieve" },
          { id = "cv_dv_2", text = "Involves staff, patients and partners in defining future direction" },
          { id = "cv_dv_3", text = "Grounds the vision in a realistic understanding of current performance" },
          { id = "cv_dv_4", text = "Tests proposed future direction against the needs of local communities" },
      } },
      { id = "influencing_system_vision", title = "Influencing the vision of the wider healthcare system", statements = {
          { id = "cv_iv_1", text = "Contributes to shaping plans across the local health and care system" },
          { id = "cv_iv_2", text = "Represents the organisation's perspective in regional or national discussions" },
          { id = "cv_iv_3", text = "Builds shared ambitions with leaders from partner organisations" },
          { id = "cv_iv_4", text = "Brings insight from own service to inform system-wide priorities" },
      } },
      { id = "communicating_the_vision", title = "Communicating the vision", statements = {
          { id = "cv_cv_1", text = "Describes the future direction in language that staff can relate to" },
          { id = "cv_cv_2", text = "Tailors messages about the vision to different audiences" },
          { id = "cv_cv_3", text = "Uses real stories and examples to bring the vision to life" },
          { id = "cv_cv_4", text = "Creates opportunities for staff to ask questions about future plans" },
      } },
      { id = "embodying_the_vision", title = "Embodying the vision", statements = {
          { id = "cv_ev_1", text = "Acts in ways that are consistent with the stated vision" },
          { id = "cv_ev_2", text = "Refers back to the vision when explaining day-to-day decisions" },
          { id = "cv_ev_3", text = "Maintains visible commitment to the vision during difficult periods" },
          { id = "cv_ev_4", text = "Conveys optimism about what the organisation can achieve" },
      } },
  } },
  { id = "delivering_the_strategy", title = "Delivering the strategy", core = false, elements = {
      { id = "framing_the_strategy", title = "Framing the strategy", statements = {
          { id = "ds_fs_1", text = "Identifies the strategic choices available and the trade-offs between them" },
          { id = "ds_fs_2", text = "Sets out clear strategic priorities aligned with the organisation's vision" },
          { id = "ds_fs_3", text = "Considers long-term sustainability when shaping strategic options" },
          { id = "ds_fs_4", text = "Gathers views and data from many sources before framing strategy" },
      } },
      { id = "developing_the_strategy", title = "Developing the strategy", statements = {
          { id = "ds_ds_1", text = "Engages clinical and operational leaders in developing strategic plans" },
          { id = "ds_ds_2", text = "Checks the workforce implications of strategic plans before they are agreed" },
          { id = "ds_ds_3", text = "Builds consensus among key stakeholders around strategic options" },
          { id = "ds_ds_4", text = "Translates strategic aims into specific, measurable objectives" },
      } },
      { id = "implementing_the_strategy", title = "Implementing the strategy", statements = {
          { id = "ds_is_1", text = "Assigns a named owner to each part of the strategic plan" },
          { id = "ds_is_2", text = "Tracks progress against strategic milestones at regular intervals" },
          { id = "ds_is_3", text = "Removes obstacles that prevent teams from delivering strategic priorities" },
          { id = "ds_is_4", text = "Makes sure funding and staff follow agreed strategic priorities" },
      } },
      { id = "embedding_the_strategy", title = "Embedding the strategy", statements = {
          { id = "ds_es_1", text = "Builds strategic priorities into routine planning and appraisal processes" },
          { id = "ds_es_2", text = "Checks that new ways of working are sustained over time" },
          { id = "ds_es_3", text = "Updates the strategy as circumstances change" },
          { id = "ds_es_4", text = "Recognises teams whose work moves the organisation's strategy forward" },
      } },
  } },
}
