-- task9 - 校企合作典型生产实践项目 (source: 000_2c07d4caf8a6f020.txt, 任务 9).
--
-- POINTS: the document gives no points and no scored table. The general requirement (id "0") and the six
-- conditions （一）…（六） (ids "1"…"6") are the scored indicators; "满足以下六项条件中的三项" is a 3-of-6
-- eligibility condition. The points (summing to 100) are defaults and are the organiser's to set.
-- Texts are verbatim (line breaks joined).
--
-- Facts: declared in facts{} below (jury rules facts task9 writes the table to fill).

ruleset{
  id = "task9", name = "校企合作典型生产实践项目", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 9",
  total = 100, veto_policy = "majority",
}

facts{
  college_led                 = { "bool", "", "职业院校牵头开发、有关行业企业深度参与，面向职业院校学生" },
  complaints_3y               = { "number", "次", "近三年投诉或不良记录数" },  -- = 0
  c1_group_or_icp             = { "bool", "", "（一）牵头或参与组建职教集团（联盟），或合作企业为省级以上产教融合型企业" },
  c2_community                = { "bool", "", "（二）牵头或参与组建行业产教融合共同体或市域产教联合体" },
  tech_services_3y            = { "number", "项", "（三）近 3年与企业开展科技攻关、成果转移转化、技术服务项数" },  -- ≥ 1
  tech_services_benefit       = { "bool", "", "（三）产生良好的经济效益或社会效益" },
  c4_belt_road_certified      = { "bool", "", "（四）服务“一带一路”、协同“走出去”取得成效并经省级以上认定" },
  c5_evaluation_reform        = { "bool", "", "（五）开展岗位实践管理评价体系改革，建立有效评价方法和机制" },
  c6_joint_standards          = { "bool", "", "（六）共同开发技术技能标准、确定岗位规范，共建产学研一体化机构" },
  partner_registered_in_china = { "bool", "", "（六）合作企业在中国境内注册成立" },
  partner_set_standards       = { "bool", "", "（六）合作企业参与过国家标准或行业标准、团体标准等制（修）订" },
  students_per_year           = { "number", "", "年接收学生数" },  -- informative
  substantive_cooperation     = { "bool", "", "职业院校与行业企业开展实质性校企协同育人" },
}

local c3 = all_of{ at_least("tech_services_3y", 1, "近 3年科技攻关、成果转移转化、技术服务", "项"),
                   is_true("tech_services_benefit", "良好的经济效益或社会效益") }
local c6 = all_of{ is_true("c6_joint_standards", "共同开发标准、共建产学研一体化机构"),
                   is_true("partner_registered_in_china", "合作企业在中国境内注册成立"),
                   is_true("partner_set_standards", "合作企业参与标准制（修）订") }

defaults{ weights = "文件未规定分值：总体要求与六项条件的分值（合计 100）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

-- The general requirement, clause by clause (E1–E3), then 满足以下六项条件中的三项 (E4), in the
-- document's order.
eligibility{
  { "E1", "推荐项目需为职业院校牵头开发、有关行业企业深度参与的面向职业院校学生的生产实践项目",
    is_true("college_led", "职业院校牵头开发、行业企业深度参与") },
  { "E2", "职业院校与行业企业开展实质性校企协同育人，共同开展专业建设、实习实训、师资建设、质量评价、技术服务、科研攻关等项目",
    confirm("职业院校与行业企业开展实质性校企协同育人，共同开展专业建设、实习实训等项目吗？", "substantive_cooperation") },
  { "E3", "近三年无投诉或不良记录等情况", at_most("complaints_3y", 0, "近三年投诉或不良记录", "次") },
  { "E4", "满足以下六项条件中的三项",
    k_of_n(3, { { "一", is_true("c1_group_or_icp", "职教集团或产教融合型企业") },
                { "二", is_true("c2_community", "共同体或联合体") },
                { "三", c3 },
                { "四", is_true("c4_belt_road_certified", "“一带一路”成效经省级以上认定") },
                { "五", is_true("c5_evaluation_reform", "岗位实践管理评价体系改革") },
                { "六", c6 } }, "六项条件") },
}

local L = "优良中差"
point{ "0", "职业院校与行业企业开展实质性校企协同育人，共同开展专业建设、实习实训、师资建设、质量评价、技术服务、科研攻关等项目", max = 28, levels = L }
point{ "1", "职业院校牵头或参与组建行业性或区域性产教融合职业教育集团（联盟），或其合作企业为省级以上产教融合型企业。", max = 12, levels = L }
point{ "2", "职业院校牵头或参与组建行业产教融合共同体或市域产教联合体。", max = 12, levels = L }
point{ "3", "职业院校近 3年内与企业开展科技攻关、成果转移转化、技术服务不少于 1项，且产生良好的经济效益或社会效益。", max = 12, levels = L }
point{ "4", "职业院校与企业合作服务“一带一路”建设和国际产能合作，协同中国企业和中国产品“走出去”取得成效并经省级以上政府有关部门认定。", max = 12, levels = L }
point{ "5", "职业院校能够开展岗位实践管理评价体系改革，能够建立行之有效的评价方法和机制。", max = 12, levels = L }
point{ "6", "职业院校与合作企业共同开发技术技能标准、确定岗位规范，共建技术工艺和产品研发中心等产学研一体化机构。合作企业在中国境内注册成立，参与过有关国家标准或行业标准、团体标准等制（修）订。", max = 12, levels = L }

autocheck{ "A1", "职业院校近 3年内与企业开展科技攻关、成果转移转化、技术服务不少于 1项", indicator = "3",
  check = at_least("tech_services_3y", 1, "近 3年科技攻关、成果转移转化、技术服务", "项") }
autocheck{ "A2", "近三年无投诉或不良记录等情况", indicator = "0",
  check = at_most("complaints_3y", 0, "近三年投诉或不良记录", "次") }
autocheck{ "A3", "合作企业在中国境内注册成立", indicator = "6",
  check = is_true("partner_registered_in_china", "合作企业在中国境内注册成立") }

evidence{ indicator = "0", patterns = { "申报书", "实施方案" } }
evidence{ indicator = "1", patterns = { "职教集团", "产教融合型企业", "合作协议" } }
evidence{ indicator = "3", patterns = { "技术服务" } }
evidence{ indicator = "6", patterns = { "标准", "研发中心" } }
