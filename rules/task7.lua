-- task7 - 职业教育一流核心课程（线下课程） (source: 000_2c07d4caf8a6f020.txt, 任务 7).
--
-- POINTS: the document gives no points and no scored table, only five 推荐条件. Every clause of them is an
-- eligibility condition; the five 推荐条件 are also the scored indicators. The points (summing
-- to 100) are defaults and are the organiser's to set. "同一课程负责人牵头的课程限推荐 1门" is a
-- crosscheck: the merge lists packs that share a course leader. Texts are verbatim.
--
-- Facts: declared in facts{} below (jury rules facts task7 writes the table to fill).

ruleset{
  id = "task7", name = "职业教育一流核心课程（线下课程）", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 7",
  total = 100, veto_policy = "majority",
}

facts{
  is_core_course        = { "bool", "", "课程属于专业核心课程" },
  has_standard_and_plan = { "bool", "", "具有完整的课程标准和教案" },
  taught_semesters      = { "number", "学期", "已完成教学实践的学期数" },  -- ≥ 2
  team_size             = { "number", "人", "教学团队总人数" },  -- ≤ 4
  leader_senior_title   = { "bool", "", "课程负责人具有高级专业技术职务" },
  course_leader         = { "text", "", "课程负责人" },  -- 姓名，用于跨包核对；with the applicant as the key
  leader_courses        = { "number", "门", "该负责人本年度牵头推荐的课程数" },  -- ≤ 1
  design_sound          = { "bool", "", "课程设计科学，教学目标清晰，内容符合要求，体现职教特色" },
  teaching_effective    = { "bool", "", "教学效果较好" },
  team_sound            = { "bool", "", "教学团队结构合理，师德师风优，教学能力强" },
}

defaults{ weights = "文件未规定分值：五项推荐条件的分值（合计 100）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

-- 推荐条件 1–5, clause by clause in the document's order (E<condition>.<clause>). Objective clauses are
-- checked from facts; the others are questions the reviewer answers (a fact of the same meaning answers
-- them in advance). "原则上不超过 4人" is a warning the panel weighs (severity = "warn"), never a failure.
eligibility{
  { "E1.1", "课程属于专业核心课程", is_true("is_core_course", "专业核心课程") },
  { "E1.2", "具有完整的课程标准和教案", is_true("has_standard_and_plan", "完整的课程标准和教案") },
  { "E2", "课程设计科学，教学目标清晰，内容符合政治性、科学性、先进性、适用性、规范性要求，体现职教特色",
    confirm("课程设计科学、教学目标清晰，内容符合政治性、科学性、先进性、适用性、规范性要求，体现职教特色吗？",
            "design_sound") },
  { "E3", "课程至少已完成两（学）期教学实践，教学效果较好",
    all_of{ at_least("taught_semesters", 2, "已完成教学实践", "学期"),
            confirm("教学效果较好吗？", "teaching_effective") } },
  { "E4.1", "教学团队结构合理，师德师风优，教学能力强",
    confirm("教学团队结构合理，师德师风优，教学能力强吗？", "team_sound") },
  { "E4.2", "团队总人数原则上不超过 4人", at_most("team_size", 4, "教学团队总人数", "人"), severity = "warn" },
  { "E5.1", "课程负责人应具有高级专业技术职务", is_true("leader_senior_title", "课程负责人高级专业技术职务") },
  { "E5.2", "同一课程负责人牵头的课程限推荐 1门", at_most("leader_courses", 1, "该负责人牵头推荐课程", "门") },
}

local L = "优良中差"
point{ "1", "课程属于专业核心课程，具有完整的课程标准和教案。", max = 15, levels = L }
point{ "2", "课程设计科学，教学目标清晰，内容符合政治性、科学性、先进性、适用性、规范性要求，体现职教特色。", max = 30, levels = L }
point{ "3", "课程至少已完成两（学）期教学实践，教学效果较好。", max = 25, levels = L }
point{ "4", "教学团队结构合理，师德师风优，教学能力强，团队总人数原则上不超过 4人。", max = 20, levels = L }
point{ "5", "课程负责人应具有高级专业技术职务，同一课程负责人牵头的课程限推荐 1门。", max = 10, levels = L }

autocheck{ "A1", "具有完整的课程标准和教案", indicator = "1",
  check = all_of{ has_file({ "课程标准" }, "课程标准"), has_file({ "教案" }, "教案") } }
autocheck{ "A2", "课程至少已完成两（学）期教学实践", indicator = "3",
  check = at_least("taught_semesters", 2, "已完成教学实践", "学期") }
autocheck{ "A3", "团队总人数原则上不超过 4人", indicator = "4",
  check = in_principle(at_most("team_size", 4, "教学团队总人数", "人")) }

crosscheck{ "X1", "同一课程负责人牵头的课程限推荐 1门",
  key = function(p)
    local leader = fact(p, "course_leader")
    if leader == nil then return nil end
    return tostring(leader) .. "｜" .. (p.applicant or "")
  end }

evidence{ indicator = "1", patterns = { "课程标准", "教案" } }
evidence{ indicator = "2", patterns = { "推荐表", "课程标准" } }
evidence{ indicator = "3", patterns = { "教学实施", "照片", "记录" } }
evidence{ indicator = "4", patterns = { "教学团队", "团队" } }
evidence{ indicator = "5", patterns = { "推荐表" } }
