-- task6 - 职业教育示范性虚拟仿真实训基地 (source: 000_2c07d4caf8a6f020.txt, 任务 6).
--
-- POINTS: the document gives no points and no scored table. Its 四、监测指标 (建设情况 五项, 应用情况 三项,
-- 示范特色) are turned into scored indicators; the points (summing to 100) are defaults and are the
-- organiser's to set. Eligibility comes from 一、建设单位 and 二、基础条件. Texts are verbatim.
-- SCORING: points in [0, max] on a 0.5 step (the other rule sets use 优/良/中/差 levels); an organiser who
-- prefers levels writes `levels = "优良中差"` instead of `step = 0.5` on each point.
--
-- Facts: declared in facts{} below (jury rules facts task6 writes the table to fill).

ruleset{
  id = "task6", name = "职业教育示范性虚拟仿真实训基地", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 6",
  total = 100, veto_policy = "majority",
}

facts{
  independent_vocational_school = { "bool", "", "建设单位为独立设置的职业学校" },
  vr_teaching_semesters         = { "number", "学期", "面向学生开展虚拟仿真实训教学的学期数" },  -- 一学期以上：≥ 1
  facilities_adequate           = { "bool", "", "实训场地与虚仿资源、设施设备能满足教学需要" },
  team_qualified                = { "bool", "", "教学科研团队熟悉生产一线岗位实际需求" },
  management_ok                 = { "bool", "", "项目管理经验丰富，工作机制健全" },
  resource_update_share_3y      = { "percent", "%", "虚仿资源三年年均更新率" },  -- ≥ 10
  vr_resources                  = { "number", "", "虚拟仿真实训资源数" },  -- informative
  own_ip_resources              = { "number", "", "完全自主知识产权资源数" },  -- informative
  platform_connected            = { "bool", "", "虚仿资源接入国家或省级职业教育智慧教育平台" },
  budget_execution_share        = { "percent", "%", "预算支出执行率" },  -- reported
  social_training               = { "number", "人次", "面向社会开展培训人次" },  -- reported
  vr_reform_started             = { "bool", "", "已在实训课程中开展虚仿教学改革探索" },
  vr_teaching_effective         = { "bool", "", "虚拟仿真实训教学效果较好" },
  policy_and_funding            = { "bool", "", "能合理规划虚仿基地建设，提供充分的政策和资金保障" },
}

defaults{ weights = "文件未规定分值：四、监测指标各项的分值（合计 100）与 0.5 分的步长为组织方默认" }

-- 一、建设单位 (E1) and 二、基础条件 1–4 (E2.x), clause by clause in the document's order. Objective
-- clauses are checked from facts; the others are questions the reviewer answers (a fact of the same
-- meaning answers them in advance).
eligibility{
  { "E1", "建设单位为独立设置的职业学校（含中等职业学校、高职专科学校、本科层次职业学校）",
    is_true("independent_vocational_school", "独立设置的职业学校") },
  -- 1.具备较好的实训条件
  { "E2.1", "拥有较为充足的实训场地和一定规模的虚拟仿真实训资源、设施设备，能满足虚仿实训教学实施需要",
    confirm("实训场地与虚仿资源、设施设备能满足虚仿实训教学实施需要吗？", "facilities_adequate") },
  -- 2.具备较强的教学科研团队
  { "E2.2", "教学科研团队熟悉生产一线岗位实际需求，能将虚拟仿真等信息技术有效应用于教学全过程",
    confirm("教学科研团队熟悉生产一线岗位实际需求，能将虚拟仿真等信息技术有效应用于教学全过程吗？", "team_qualified") },
  -- 3.具备良好的虚仿技术应用基础
  { "E2.3", "已在实训课程中开展虚仿教学改革探索",
    confirm("已在实训课程中开展虚仿教学改革探索吗？", "vr_reform_started") },
  { "E2.4", "面向学生开展了一学期以上的虚拟仿真实训教学，且效果较好",
    all_of{ at_least("vr_teaching_semesters", 1, "虚拟仿真实训教学", "学期"),
            confirm("虚拟仿真实训教学效果较好吗？", "vr_teaching_effective") } },
  -- 4.具备规范的管理运行机制
  { "E2.5", "有丰富的项目管理经验，相关工作机制健全",
    confirm("有丰富的项目管理经验、相关工作机制健全吗？", "management_ok") },
  { "E2.6", "能合理规划虚仿基地建设，并提供充分的政策和资金保障",
    confirm("能合理规划虚仿基地建设，并提供充分的政策和资金保障吗？", "policy_and_funding") },
}

indicator{ "1", "建设情况" }
point{ "1.1", "项目建设资金执行（含预算支出执行率等）", max = 10, step = 0.5 }
point{ "1.2", "管理平台建设（含管理平台规范建设情况等）", max = 10, step = 0.5 }
point{ "1.3", "虚仿教学资源开发（含资源更新率等）", max = 10, step = 0.5 }
point{ "1.4", "虚拟仿真实训教学科研团队建设情况（含参加虚拟仿真教学专题培训等）", max = 10, step = 0.5 }
point{ "1.5", "建设成效（含任务完成度等）", max = 10, step = 0.5 }
indicator{ "2", "应用情况" }
point{ "2.1", "人才培养成效（含结合虚拟仿真技术优化专业人才培养方案、虚仿基地服务学生考取技能证书情况等）", max = 12, step = 0.5 }
point{ "2.2", "社会服务成效（含利用虚仿基地开展社会培训成效等）", max = 12, step = 0.5 }
point{ "2.3", "课程共享使用（含虚拟仿真课程开放共享服务人数等）", max = 11, step = 0.5 }
indicator{ "3", "示范特色" }
point{ "3.1", "主要考核各建设单位典型经验和成效", max = 15, step = 0.5, optional = true,
  guidance = "示范特色为自选指标" }

autocheck{ "A1", "三年年均更新率不低于 10%", indicator = "1.3",
  check = at_least("resource_update_share_3y", 10, "三年年均更新率", "%") }
autocheck{ "A2", "推动虚仿资源接入国家或省级职业教育智慧教育平台", indicator = "2.3",
  check = is_true("platform_connected", "接入国家或省级智慧教育平台") }
autocheck{ "A3", "项目建设资金执行（含预算支出执行率等）", indicator = "1.1",
  check = reported("budget_execution_share", "预算支出执行率", "%") }
autocheck{ "A4", "社会服务成效（含利用虚仿基地开展社会培训成效等）", indicator = "2.2",
  check = reported("social_training", "社会培训", "人次") }
autocheck{ "A5", "面向学生开展了一学期以上的虚拟仿真实训教学", indicator = "2.1",
  check = first_of(at_least("vr_teaching_semesters", 1, "虚拟仿真实训教学", "学期"),
                   text_has({ "说明" }, { "一学期以上" }, "说明")) }

evidence{ indicator = "1.1", patterns = { "资金", "预算" } }
evidence{ indicator = "1.2", patterns = { "平台" } }
evidence{ indicator = "1.3", patterns = { "资源清单", "资源" } }
evidence{ indicator = "1.4", patterns = { "团队", "培训" } }
evidence{ indicator = "1.5", patterns = { "建设方案", "汇报" } }
evidence{ indicator = "2.2", patterns = { "社会培训" } }
evidence{ indicator = "3.1", patterns = { "汇报", "案例" } }
