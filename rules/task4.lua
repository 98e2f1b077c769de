-- task4 - 职业教育专业教学资源库 (source: 000_2c07d4caf8a6f020.txt, 任务 4).
--
-- POINTS: the document gives no points and no scored table. Its 五、监测指标 (5 个监测维度) are turned into
-- scored indicators; the points (summing to 100) are defaults and are the organiser's to set. Eligibility
-- comes from 一、建设单位, 二、基础条件 and 四、建设任务; the numeric requirements of 四（一）are auto-checks;
-- 5.制度保障's 一票否决情况 are vetoes. Texts are verbatim (line breaks joined).
--
-- Facts: declared in facts{} below (jury rules facts task4 writes the table to fill).

ruleset{
  id = "task4", name = "职业教育专业教学资源库", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 4",
  total = 100, veto_policy = "majority",
}

facts{
  host_is_vocational_school = { "bool", "", "主持单位为独立设置的职业学校" },
  host_units                = { "number", "家", "主持单位数" },  -- ≤ 3
  run_years                 = { "number", "学年", "资源库运行时间" },  -- ≥ 1
  registered_users          = { "number", "", "注册用户数" },  -- informative
  users_active              = { "bool", "", "注册用户有一定规模且活跃度较高" },
  platform_connected        = { "bool", "", "能够接入国家或本省智慧教育平台并纳入运行监测" },
  core_majors               = { "number", "个", "核心专业数" },  -- = 1
  served_majors             = { "number", "个", "服务专业数" },  -- ≤ 5
  text_graphic_share        = { "percent", "%", "文本类和图形（图像）类资源数量占比" },  -- ≤ 30
  original_share            = { "percent", "%", "原创资源占比" },  -- ≥ 70
  annual_update_share       = { "percent", "%", "资源库每年更新比例" },  -- ≥ 10
  coverage_share            = { "percent", "%", "主持或参与学校相关专业师生应用覆盖面" },  -- ≥ 80
  satisfaction_share        = { "percent", "%", "满意度" },  -- ≥ 90
  security_level            = { "number", "级", "信息系统安全等级保护级别" },  -- ≥ 3
  core_course_coverage      = { "percent", "%", "覆盖专业核心课程的比例" },  -- = 100
  question_bank_coverage    = { "percent", "%", "建立试题库的专业核心课程比例" },  -- = 100
  plan_on_homepage          = { "bool", "", "人才培养方案在资源库首页展示" },
  veto_ideology             = { "bool", "", "发生意识形态问题（一票否决）" },
  veto_ethics               = { "bool", "", "发生师德师风问题（一票否决）" },
  veto_illegal              = { "bool", "", "发生违法违纪问题（一票否决）" },
  veto_cybersecurity        = { "bool", "", "发生网络安全问题（一票否决）" },
  first_host_responsible    = { "bool", "", "第一主持单位总体负责并为内容审核第一责任单位" },
  members_eligible_types    = { "bool", "", "参与单位均为职业学校、普通高校、行业、企业或科研院所" },
  members_substantive       = { "bool", "", "参与单位实质性参与资源库建设" },
  resources_accumulated     = { "bool", "", "已有数量充足、质量可靠的资源沉淀，具备持续更新能力" },
  resources_rich            = { "bool", "", "资源内容丰富、形式多样，满足教育教学需求" },
  has_platform              = { "bool", "", "主持单位已有相关技术平台" },
  platform_secure           = { "bool", "", "平台符合物理安全、网络安全、数据安全和规范管理要求" },
  platform_functions        = { "bool", "", "平台具备建设、管理、教学、学习、分析、教研等功能" },
  services_offered          = { "bool", "", "能够提供资源检索、信息查询、资料下载等服务" },
  team_expertise            = { "bool", "", "项目团队在相应专业领域有专长、有建树" },
  team_organised            = { "bool", "", "团队分工明确、制度健全、协作有序、执行力强" },
  members_have_tasks        = { "bool", "", "参建单位均承担具体的建设和应用推广任务" },
  knowledge_graph           = { "bool", "", "构建基于知识图谱的可视化课程体系框架" },
  review_mechanism          = { "bool", "", "健全完善资源审核机制" },
}

defaults{ weights = "文件未规定分值：五、监测指标各维度的分值（合计 100）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

-- 一、建设单位 (E1.x), 二、基础条件 1–4 (E2.x) and the numbers of 四、建设任务 (E3), clause by clause in
-- the document's order. Objective clauses are checked from facts; the others are questions the reviewer
-- answers (a fact of the same meaning answers them in advance).
eligibility{
  -- 1.主持单位
  { "E1.1", "资源库的主持单位为独立设置的职业学校（含中等职业学校、高职专科学校、本科层次职业学校）",
    is_true("host_is_vocational_school", "主持单位为独立设置的职业学校") },
  { "E1.2", "每个资源库主持单位不超过 3家", at_most("host_units", 3, "主持单位", "家") },
  { "E1.3", "第一主持单位总体负责资源库的建设规划、应用推广及维护管理等工作，是资源库内容审核的第一责任单位",
    confirm("第一主持单位总体负责建设规划、应用推广及维护管理，是内容审核的第一责任单位吗？", "first_host_responsible") },
  -- 2.参与单位
  { "E1.4", "资源库的参与单位可以为职业学校、普通高校、行业、企业和科研院所",
    confirm("参与单位均为职业学校、普通高校、行业、企业或科研院所吗？", "members_eligible_types") },
  { "E1.5", "参与单位要发挥优势、积极参与，主动作为、密切配合，实质性参与资源库建设",
    confirm("参与单位实质性参与资源库建设吗？", "members_substantive") },
  -- 二、基础条件 1.资源建设有基础
  { "E2.1", "主持单位已有数量充足、质量可靠的资源沉淀，且具备持续更新能力",
    confirm("主持单位已有数量充足、质量可靠的资源沉淀，且具备持续更新能力吗？", "resources_accumulated") },
  { "E2.2", "资源内容丰富、形式多样，满足教育教学需求",
    confirm("资源内容丰富、形式多样，满足教育教学需求吗？", "resources_rich") },
  -- 2.平台支撑有保障
  { "E2.3", "主持单位已有相关技术平台，进行资源库资源的上传、存储、传播、运维和更新",
    is_true("has_platform", "主持单位已有相关技术平台") },
  { "E2.4", "平台符合物理安全、网络安全、数据安全和规范管理要求",
    confirm("平台符合物理安全、网络安全、数据安全和规范管理要求吗？", "platform_secure") },
  { "E2.5", "具备资源库建设、管理、教学、学习、分析、教研等功能",
    confirm("平台具备资源库建设、管理、教学、学习、分析、教研等功能吗？", "platform_functions") },
  { "E2.6", "能够接入国家或本省智慧教育平台并纳入运行监测",
    is_true("platform_connected", "接入国家或本省智慧教育平台") },
  -- 3.应用服务有成效
  { "E2.7", "主持单位申报的资源库运行时间不少于1学年", at_least("run_years", 1, "资源库运行时间", "学年") },
  { "E2.8", "注册用户有一定规模且活跃度较高", confirm("注册用户有一定规模且活跃度较高吗？", "users_active") },
  { "E2.9", "能够提供资源检索、信息查询、资料下载、教学指导、学习咨询、考试评价、就业支持、社会培训等服务",
    confirm("能够提供资源检索、信息查询、资料下载、教学指导等服务吗？", "services_offered") },
  -- 4.项目团队有条件
  { "E2.10", "主持单位的项目团队在相应专业领域有专长、有建树",
    confirm("项目团队在相应专业领域有专长、有建树吗？", "team_expertise") },
  { "E2.11", "团队分工明确、制度健全、协作有序、执行力强",
    confirm("团队分工明确、制度健全、协作有序、执行力强吗？", "team_organised") },
  { "E2.12", "参建单位均承担具体的建设和应用推广任务",
    confirm("参建单位均承担具体的建设和应用推广任务吗？", "members_have_tasks") },
  -- 四、建设任务
  { "E3", "资源库应围绕 1个核心专业开展建设，服务专业不超过 5个",
    all_of{ between("core_majors", 1, 1, "核心专业", "个"), at_most("served_majors", 5, "服务专业", "个") } },
}

local L = "优良中差"

indicator{ "1", "资源建设方面" }
point{ "1.1", "既关注资源库建设内容的完整度和架构的系统性", max = 8, levels = L }
point{ "1.2", "资源的数量方面关注课程门数、数字资源量等", max = 8, levels = L }
point{ "1.3", "质量方面关注资源的政治性、科学性和丰富性", max = 8, levels = L }
point{ "1.4", "更新方面关注资源的更新频率和新技术、新工艺、新规范引入情况", max = 6, levels = L }
indicator{ "2", "平台功能方面" }
point{ "2.1", "多格式上传、高质量审核、个性化使用、开放性评价等管理功能", max = 5, levels = L }
point{ "2.2", "灵活组课、自由选课、智能搜索、在线交互等教学功能", max = 5, levels = L }
point{ "2.3", "自主学习、讨论交流、即时反馈、考试评价等学习功能", max = 5, levels = L }
point{ "2.4", "个性定制、智能推荐、资源应用分析、教学行为分析等增值功能", max = 5, levels = L }
indicator{ "3", "应用推广方面" }
point{ "3.1", "重点关注资源库的校本、校校、校企和跨省的推广应用", max = 10, levels = L }
point{ "3.2", "受益人群和覆盖面", max = 10, levels = L }
point{ "3.3", "学习使用激励机制建设情况", max = 5, levels = L }
indicator{ "4", "特色创新方面" }
point{ "4.1", "重点关注建设单位立足区域产业、行业特色、院校优势和应用创新等方面", max = 15, levels = L }
indicator{ "5", "制度保障方面" }
point{ "5.1", "重点关注资源库建设和应用方面出台的有关制度文件情况", max = 10, levels = L }

local V = "是否发生意识形态、师德师风、违法违纪、网络安全等一票否决情况"
veto{ "V1", V .. " / 意识形态", fact = "veto_ideology", label = "意识形态问题" }
veto{ "V2", V .. " / 师德师风", fact = "veto_ethics", label = "师德师风问题" }
veto{ "V3", V .. " / 违法违纪", fact = "veto_illegal", label = "违法违纪问题" }
veto{ "V4", V .. " / 网络安全", fact = "veto_cybersecurity", label = "网络安全问题" }

autocheck{ "A1", "文本类和图形（图像）类资源数量占比不超过 30%", indicator = "1.2",
  check = at_most("text_graphic_share", 30, "文本/图形类资源占比", "%") }
autocheck{ "A2", "原创资源占比不低于 70%", indicator = "1.3",
  check = at_least("original_share", 70, "原创资源占比", "%") }
autocheck{ "A3", "资源库每年更新比例不低于 10%", indicator = "1.4",
  check = at_least("annual_update_share", 10, "年更新比例", "%") }
autocheck{ "A4", "主持或参与学校的相关专业师生的应用覆盖面不低于 80%", indicator = "3.2",
  check = at_least("coverage_share", 80, "师生应用覆盖面", "%") }
autocheck{ "A5", "满意度不低于 90%", indicator = "3.2", check = at_least("satisfaction_share", 90, "满意度", "%") }
autocheck{ "A6", "信息系统安全等级保护（三级）", indicator = "5.1",
  check = at_least("security_level", 3, "安全等级保护", "级") }
autocheck{ "A7", "资源库要覆盖全部专业核心课程", indicator = "1.1",
  check = at_least("core_course_coverage", 100, "专业核心课程覆盖", "%") }
autocheck{ "A8", "每门专业核心课程均需建立试题库", indicator = "1.1",
  check = at_least("question_bank_coverage", 100, "建立试题库的核心课程", "%") }
autocheck{ "A9", "人才培养方案由项目主持单位组织参建单位共同研制，需在资源库首页展示", indicator = "1.1",
  check = is_true("plan_on_homepage", "人才培养方案在首页展示") }
autocheck{ "A10", "主持单位申报的资源库运行时间不少于1学年", indicator = "3.1",
  check = at_least("run_years", 1, "资源库运行时间", "学年") }
autocheck{ "A11", "构建基于知识图谱的可视化课程体系框架", indicator = "1.1",
  check = first_of(is_true("knowledge_graph", "知识图谱课程体系框架"), has_file({ "知识图谱" }, "知识图谱课程体系框架")) }
autocheck{ "A12", "健全完善资源审核机制", indicator = "1.3",
  check = first_of(is_true("review_mechanism", "资源审核机制"), has_file({ "审核" }, "资源审核机制文件")) }

evidence{ indicator = "1.1", patterns = { "人才培养方案", "课程体系", "知识图谱" } }
evidence{ indicator = "1.2", patterns = { "资源统计", "资源清单", "数据表" } }
evidence{ indicator = "1.3", patterns = { "审核", "原创" } }
evidence{ indicator = "2.1", patterns = { "平台", "截图" } }
evidence{ indicator = "3.1", patterns = { "应用", "推广" } }
evidence{ indicator = "3.2", patterns = { "满意度", "调查", "用户" } }
evidence{ indicator = "5.1", patterns = { "制度", "等级保护", "安全" } }
