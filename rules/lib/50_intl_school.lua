-- rules/lib/50_intl_school.lua - 具有较高国际化水平的职业学校: the one definition behind rules/task5.lua and
-- rules/task11.lua (the document prints the same text as 任务 5 and again as 任务 11).
--
-- intl_school{ id = "task5", source = "… 任务 5" } defines the whole rule set, facts{} included, under
-- that id; errors point at the line of the call in the rule file.
--
-- POINTS: the document gives no points and no scored table: its 条件要求 are eligibility (教育行政部门批准设立,
-- 已办学 3年以上, 职业学校, and 具备下列 3项及以上条件 as a 3-of-5 condition), and the five 条件 are also the
-- scored indicators, so the panel can rank eligible schools. Texts are verbatim (line breaks joined).

dsl.register_lib()

local C1 = "有实质运行中的中外合作办学机构或项目，具有较强的合作办学与交流工作基础。"
local C2 = "国际化发展立足学校骨干（特色）专业，教随产出、校企同行，参与教育部职业教育“走出去”试点项目，开展各级各类境外办学项目；参与建设海外应用技术学院、海外应用技术大学；在服务国际产能合作、“一带一路”倡议等方面具有一定特色，取得良好成效。"
local C3 = "学生出国留学（交流）和来华留学有一定规模，教师国（境）外访学交流工作有一定基础。"
local C4 = "主动参与双多边职业教育国际交流合作，依托境外办学项目和机构，在开发国际化职业教育标准、教学资源和教学装备方面有良好的工作基础，具有一定的影响力。"
local C5 = "建立健全的国际化工作机制，有相对稳定、工作能力较强的国际化服务团队和专业教师队伍。"

function intl_school(t)
  if type(t) ~= "table" then dsl.fail("intl_school{ id = …, source = … } takes a table") end
  dsl.keys(t, { "id", "source", "version" }, "intl_school")
  ruleset{
    id = t.id, name = "具有较高国际化水平的职业学校", version = t.version or "1.0",
    source = t.source, total = 100, veto_policy = "majority",
  }

  facts{
    approved_by_education_dept = { "bool", "", "教育行政部门批准设立" },
    run_years                  = { "number", "年", "已办学年限" },  -- ≥ 3
    school_type                = { "text", "", "学校类型", values = { "中职学校", "高职专科学校", "本科层次职业学校" } },
    c1_sino_foreign            = { "bool", "", "条件 1：有实质运行中的中外合作办学机构或项目" },
    c2_going_global            = { "bool", "", "条件 2：参与“走出去”试点、境外办学、海外应用技术学院等" },
    c3_student_exchange        = { "bool", "", "条件 3：学生出国留学（交流）和来华留学有一定规模，教师访学有基础" },
    c4_intl_standards          = { "bool", "", "条件 4：开发国际化标准、教学资源和教学装备有良好基础" },
    c5_intl_mechanism          = { "bool", "", "条件 5：建立健全的国际化工作机制与团队" },
    sino_foreign_programmes    = { "number", "个", "中外合作办学机构或项目数" },  -- informative
    outbound_students          = { "number", "人", "学生出国留学（交流）人数" },
    inbound_students           = { "number", "人", "来华留学生人数" },
    visiting_teachers          = { "number", "人次", "教师国（境）外访学交流人次" },
  }
  defaults{ weights = "文件未规定分值：五项条件各 20 分（合计 100）为组织方默认",
            levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

  -- 条件要求, clause by clause in the document's order. Each of the five 条件 is answered by its fact
  -- when given, else by the reviewer.
  eligibility{
    { "E1", "教育行政部门批准设立", is_true("approved_by_education_dept", "教育行政部门批准设立") },
    { "E2", "已办学 3年以上", at_least("run_years", 3, "已办学", "年") },
    { "E3", "职业学校（含中职学校、高职专科学校和本科层次职业学校，下同）",
      one_of("school_type", { "中职学校", "高职专科学校", "本科层次职业学校" }, "学校类型") },
    { "E4", "具备下列 3项及以上条件的可申请成为建设单位",
      k_of_n(3, { { "1", confirm("条件 1：有实质运行中的中外合作办学机构或项目吗？", "c1_sino_foreign") },
                  { "2", confirm("条件 2：参与“走出去”试点、境外办学，在服务国际产能合作等方面取得良好成效吗？", "c2_going_global") },
                  { "3", confirm("条件 3：学生出国留学（交流）和来华留学有一定规模、教师访学有一定基础吗？", "c3_student_exchange") },
                  { "4", confirm("条件 4：在开发国际化标准、教学资源和教学装备方面有良好的工作基础吗？", "c4_intl_standards") },
                  { "5", confirm("条件 5：建立健全的国际化工作机制和团队吗？", "c5_intl_mechanism") } }, "条件") },
  }

  local L = "优良中差"
  point{ "1", C1, max = 20, levels = L }
  point{ "2", C2, max = 20, levels = L }
  point{ "3", C3, max = 20, levels = L }
  point{ "4", C4, max = 20, levels = L }
  point{ "5", C5, max = 20, levels = L }

  autocheck{ "A1", "学生出国留学（交流）和来华留学有一定规模", indicator = "3",
    check = all_of{ reported("outbound_students", "学生出国留学（交流）", "人"),
                    reported("inbound_students", "来华留学生", "人") } }
  autocheck{ "A2", "教师国（境）外访学交流工作有一定基础", indicator = "3",
    check = reported("visiting_teachers", "教师国（境）外访学交流", "人次") }
  autocheck{ "A3", "有实质运行中的中外合作办学机构或项目", indicator = "1",
    check = at_least("sino_foreign_programmes", 1, "中外合作办学机构或项目", "个") }

  evidence{ indicator = "1", patterns = { "中外合作", "批准书" } }
  evidence{ indicator = "2", patterns = { "境外办学", "海外", "鲁班工坊", "走出去" } }
  evidence{ indicator = "3", patterns = { "留学", "交流", "访学" } }
  evidence{ indicator = "4", patterns = { "标准", "教材", "装备" } }
  evidence{ indicator = "5", patterns = { "工作机制", "团队" } }
end
