-- task2 - 行业产教融合共同体 (source: 000_2c07d4caf8a6f020.txt, 任务 2).
--
-- POINTS: the document gives no points and no scored table. Its 三、监测指标 (（一）…（六）, each with its
-- 重点考核 clauses) are turned into scored indicators; the points (summing to 100) are defaults and are the
-- organiser's to set. Eligibility comes from 一、建设单位. Texts are verbatim (line breaks joined).
--
-- Facts: declared in facts{} below (jury rules facts task2 writes the table to fill).

ruleset{
  id = "task2", name = "行业产教融合共同体", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 2",
  total = 100, veto_policy = "majority", year = 2026,
}

facts{
  lead_enterprises              = { "number", "家", "牵头行业龙头企业数" },  -- 须为 1 家
  lead_universities             = { "number", "所", "牵头高水平高等学校数" },  -- 须为 1 所
  lead_vocational_schools       = { "number", "所", "牵头职业学校数" },  -- 须为 1 所
  lead_enterprise_influential   = { "bool", "", "牵头企业在所属行业有重要影响力和话语权" },
  lead_enterprise_central_soe   = { "bool", "", "牵头企业为中央管理企业" },
  lead_enterprise_top500        = { "bool", "", "牵头企业为中国 500强企业" },
  lead_enterprise_icp           = { "bool", "", "牵头企业为产教融合型企业" },
  lead_university_masters       = { "bool", "", "牵头高校有硕士学位授予权" },
  lead_university_phd           = { "bool", "", "牵头高校有博士学位授予权" },
  lead_school_training_org      = { "bool", "", "牵头职业学校设有独立的社会培训机构或继续教育机构" },
  member_units                  = { "number", "", "参与单位数" },
  member_provinces              = { "number", "个", "建设单位分布的省份数" },  -- 跨省域：≥ 2
  has_charter                   = { "bool", "", "审议通过共同体章程" },
  industry_report_date          = { "date", "", "行业发展分析报告发布日期" },  -- 每年第一季度：≤ 03-31
  talent_forecast_date          = { "date", "", "行业人才需求预测报告发布日期" },  -- ≤ 03-31
  supply_lists_date             = { "date", "", "人才供需清单、技术供需清单发布日期" },  -- ≤ 03-31
  order_training_students       = { "number", "", "委托/订单/学徒制培养学生数" },  -- informative
  shared_teachers               = { "number", "", "校企师资互聘人数" },  -- informative
  tech_projects                 = { "number", "", "服务技术改造、工艺改进、产品升级项目数" },  -- informative
  core_courses                  = { "number", "", "联合开发专业核心课程数" },  -- informative
  support_policies              = { "number", "", "专项支持政策数" },  -- informative
  all_factor_integration        = { "bool", "", "各建设主体发挥作用，推动产教全要素融合" },
  lead_university_fit           = { "bool", "", "牵头高校的优势学科与共同体行业领域相符" },
  lead_university_research_team = { "bool", "", "牵头高校有明确的科技攻关方向和团队" },
  lead_school_fit               = { "bool", "", "牵头职业学校的特色专业（群）与行业领域相符" },
  lead_school_quality           = { "bool", "", "牵头职业学校人才培养质量高" },
  lead_school_training          = { "bool", "", "牵头职业学校广泛开展各类培训" },
  members_substantive           = { "bool", "", "参与单位实质性参与共同体建设" },
}

defaults{ weights = "文件未规定分值：三、监测指标各项的分值（合计 100）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

-- 一、建设单位, clause by clause in the document's order: （一）牵头单位 E1.x, （二）参与单位 E2.x.
-- Objective clauses are checked from facts; the others are questions the reviewer answers (a fact of
-- the same meaning answers them in advance). "鼓励…" is information (severity = "info").
eligibility{
  { "E1.1", "共同体由一家行业龙头企业牵头组建，联合一所高水平高等学校、一所职业学校牵头建设",
    all_of{ between("lead_enterprises", 1, 1, "牵头企业", "家"),
            between("lead_universities", 1, 1, "牵头高水平高等学校", "所"),
            between("lead_vocational_schools", 1, 1, "牵头职业学校", "所") } },
  { "E1.2", "发挥各建设主体作用，推动产教全要素融合",
    confirm("各建设主体发挥作用、推动产教全要素融合吗？", "all_factor_integration") },
  { "E1.3", "牵头企业应在所属行业有重要影响力和话语权，能够统筹行业产业资源，并在共同体内切实起到统筹、牵头作用",
    confirm("牵头企业在所属行业有重要影响力和话语权，能统筹行业产业资源并切实起到统筹、牵头作用吗？",
            "lead_enterprise_influential") },
  { "E1.4", "鼓励中央管理企业、中国 500强企业、产教融合型企业等牵头组建",
    k_of_n(1, { { "中央管理企业", is_true("lead_enterprise_central_soe", "中央管理企业") },
                { "中国 500强", is_true("lead_enterprise_top500", "中国 500强企业") },
                { "产教融合型", is_true("lead_enterprise_icp", "产教融合型企业") } }, "牵头企业类型"),
    severity = "info" },
  { "E1.5", "牵头高水平高等学校的优势学科应与共同体行业领域相符",
    confirm("牵头高校的优势学科与共同体行业领域相符吗？", "lead_university_fit") },
  { "E1.6", "有明确的科技攻关方向和团队",
    confirm("牵头高校有明确的科技攻关方向和团队吗？", "lead_university_research_team") },
  { "E1.7", "有硕士学位、博士学位授予权",
    all_of{ is_true("lead_university_masters", "硕士学位授予权"), is_true("lead_university_phd", "博士学位授予权") } },
  { "E1.8", "牵头职业学校的特色专业（群）应与共同体行业领域相符",
    confirm("牵头职业学校的特色专业（群）与共同体行业领域相符吗？", "lead_school_fit") },
  { "E1.9", "人才培养质量高", confirm("牵头职业学校人才培养质量高吗？", "lead_school_quality") },
  { "E1.10", "设有独立的社会培训机构或继续教育机构",
    is_true("lead_school_training_org", "独立的社会培训机构或继续教育机构") },
  { "E1.11", "广泛开展各类培训", confirm("牵头职业学校广泛开展各类培训吗？", "lead_school_training") },
  { "E2.1", "根据产业链上下游分布和教育资源布局，跨区域广泛吸收相关行业组织、学校（含职业学校和普通高等学校）、科研机构、上下游企业等单位参与建设",
    at_least("member_provinces", 2, "建设单位分布省份", "个"),
    default = "“跨区域”按建设单位分布在 2 个及以上省份判断（监测指标（一）：跨省域分布）" },
  { "E2.2", "共同体参与单位要主动开放资源、对接需求，积极承担建设任务，实质性参与共同体建设",
    confirm("参与单位主动开放资源、对接需求，积极承担建设任务，实质性参与建设吗？", "members_substantive") },
}

local L = "优良中差"

indicator{ "1", "全方位整合产教资源" }
point{ "1.1", "重点考核共同体建设单位优质多元以及跨省域分布情况", max = 15, levels = L }
indicator{ "2", "构建产教供需对接机制" }
point{ "2.1", "重点考核行业发展分析报告、行业人才需求预测报告、人才供需清单和技术供需清单编制发布是否及时，内容是否客观、全面", max = 15, levels = L }
indicator{ "3", "联合开展人才培养" }
point{ "3.1", "重点考核委托培养、订单培养、学徒制培养学生规模，校企师资互聘情况，共同体内企业接受共同体内学校毕业生就业人数以及培养人才在本行业内就业人数", max = 12, levels = L }
point{ "3.2", "职业学校面向行业企业员工开展岗前培训、岗位培训和继续教育规模", max = 8, levels = L }
point{ "3.3", "共同体内普通高校录取共同体内职业学校毕业生和企业一线在职员工就读本科或专业学位研究生人数", max = 5, levels = L }
indicator{ "4", "协同开展技术攻关" }
point{ "4.1", "重点考核共同体内资金投入和技术创新中心建设情况", max = 10, levels = L }
point{ "4.2", "服务行业企业技术改造、工艺改进、产品升级项目数，取得的技术创新成果情况，技术供需清单的承接完成数", max = 10, levels = L }
indicator{ "5", "有组织开发教学资源" }
point{ "5.1", "重点考核校企结合生产实践、人才培养和技术服务实际，联合开发专业核心课程、实践能力项目数量，教学装备研制及推广情况", max = 15, levels = L }
indicator{ "6", "强化支持保障力度" }
point{ "6.1", "重点考核共同体建设单位专项支持政策制定情况", max = 10, levels = L }

autocheck{ "A1", "于每年第一季度期间完成行业发展分析报告", indicator = "2.1",
  check = date_by("industry_report_date", "03-31", "行业发展分析报告发布") }
autocheck{ "A2", "于每年第一季度期间完成 / 行业人才需求预测报告", indicator = "2.1",
  check = date_by("talent_forecast_date", "03-31", "行业人才需求预测报告发布") }
autocheck{ "A3", "于每年第一季度期间完成 / 行业人才供需清单、技术供需清单", indicator = "2.1",
  check = date_by("supply_lists_date", "03-31", "人才供需清单、技术供需清单发布") }
autocheck{ "A4", "重点考核共同体建设单位优质多元以及跨省域分布情况", indicator = "1.1",
  check = at_least("member_provinces", 2, "建设单位分布省份", "个"),
  default = "跨省域分布按 2 个及以上省份判断" }
autocheck{ "A5", "鼓励中央管理企业、中国 500强企业、产教融合型企业等牵头组建", indicator = "1.1",
  check = encouraged(k_of_n(1, { { "中央管理企业", is_true("lead_enterprise_central_soe", "中央管理企业") },
                                 { "中国 500强", is_true("lead_enterprise_top500", "中国 500强企业") },
                                 { "产教融合型", is_true("lead_enterprise_icp", "产教融合型企业") } }, "牵头企业类型")) }
autocheck{ "A6", "审议通过共同体章程",
  check = first_of(is_true("has_charter", "共同体章程"), has_file({ "章程" }, "共同体章程")) }
autocheck{ "A7", "行业发展分析报告（模版见附件 1）", indicator = "2.1",
  check = has_file({ "行业发展分析报告" }, "行业发展分析报告") }
autocheck{ "A8", "行业人才需求预测报告（模版见附件 2）", indicator = "2.1",
  check = has_file({ "人才需求预测" }, "行业人才需求预测报告") }

evidence{ indicator = "1.1", patterns = { "申报书", "成员", "参与单位" } }
evidence{ indicator = "2.1", patterns = { "分析报告", "预测报告", "供需清单" } }
evidence{ indicator = "3.1", patterns = { "订单", "学徒", "委托培养" } }
evidence{ indicator = "3.2", patterns = { "培训" } }
evidence{ indicator = "4.1", patterns = { "创新中心", "资金" } }
evidence{ indicator = "5.1", patterns = { "课程", "教材", "装备" } }
evidence{ indicator = "6.1", patterns = { "政策", "章程" } }
