-- task3 - 开放型区域产教融合实践中心 (source: 000_2c07d4caf8a6f020.txt, 任务 3).
--
-- POINTS: the document gives no points and no scored table. Its 五、监测指标 (（一）主要监测指标) and
-- 四、运营机制 are turned into scored indicators; the points (summing to 100) are defaults and are the
-- organiser's to set. Eligibility comes from 一、建设单位 and 二、基础条件. Texts are verbatim.
--
-- VARIANTS: the fact center_type chooses the variant: "中职学校" / "高职学校" (学校实践中心 by a 中等/高等
-- 职业学校), "公共" (公共实践中心), "企业" (企业实践中心). 五、监测指标（二）（三）（四） set each variant's
-- key indicators (key = {...}).
--
-- Facts: declared in facts{} below (jury rules facts task3 writes the table to fill).

ruleset{
  id = "task3", name = "开放型区域产教融合实践中心", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 3",
  total = 100, veto_policy = "majority", year = 2025,
}

facts{
  center_type         = { "text", "", "实践中心类型", values = { "中职学校", "高职学校", "公共", "企业" } },
  in_14th_fyp_focus   = { "bool", "", "服务产业纳入“十四五”地方国民经济和社会发展规划重点领域" },
  site_area_m2        = { "number", "平方米", "占地面积" },  -- informative
  floor_area_m2       = { "number", "平方米", "建筑面积" },  -- informative
  equipment_units     = { "number", "台套", "设备数量" },  -- informative
  work_stations       = { "number", "", "实训工位" },  -- 个，informative
  tech_staff          = { "number", "人", "专业技术人员数" },  -- ≥ 1
  mgmt_staff          = { "number", "人", "管理人员数" },  -- ≥ 1
  open_years          = { "number", "年", "开放运营年限" },  -- default threshold ≥ 1, the organiser's to set
  facilities_adequate = { "bool", "", "实训场地、设施设备能满足需要" },
  cost_sharing        = { "bool", "", "建立了成本分担机制" },
  annual_plan_date    = { "date", "", "年度开放运营计划完成日期" },  -- 第一季度：≤ 03-31
  two_lists_published = { "bool", "", "发布“两张清单”" },
  annual_report_date  = { "date", "", "年度运营报告完成日期" },  -- ≤ 12-15
  student_trainees    = { "number", "人次", "对外开展学生实训总人数" },
  training_courses    = { "number", "门", "实训课程建设数" },
  textbooks           = { "number", "部", "教材建设数" },
  training_income     = { "number", "万元", "培训服务收入" },
  tech_service_income = { "number", "万元", "横向企业技术服务收入" },
  city_awards         = { "number", "项", "地市级以上科技成果奖项" },
}
variant{ fact = "center_type", values = { "中职学校", "高职学校", "公共", "企业" } }

eligibility{
  { "E1", "分为学校实践中心、公共实践中心、企业实践中心",
    one_of("center_type", { "中职学校", "高职学校", "公共", "企业" }, "实践中心类型") },
  { "E2", "服务产业应纳入“十四五”地方国民经济和社会发展规划重点领域",
    is_true("in_14th_fyp_focus", "服务产业纳入“十四五”规划重点领域") },
  { "E3", "专业技术人员、管理人员数量充足、结构合理",
    all_of{ at_least("tech_staff", 1, "专业技术人员", "人"), at_least("mgmt_staff", 1, "管理人员", "人") } },
  { "E4", "开放运营经验丰富", at_least("open_years", 1, "开放运营年限", "年") },
  { "E5", "占地面积、建筑面积、设备数量、实训工位应满足使用要求",
    confirm("占地面积、建筑面积、设备数量、实训工位满足使用要求吗？", "facilities_adequate") },
  { "E6", "建立了成本分担机制", is_true("cost_sharing", "成本分担机制") },
}

local L = "优良中差"

indicator{ "1", "主要监测指标包括对外开展学生实习实训，实训课程和教材开发，面向企业开展培训，横向技术服务，科技成果奖项情况等" }
point{ "1.1", "对外开展学生实习实训", max = 16, levels = L, key = { "公共", "企业" },
  guidance = "公共实践中心和企业实践中心重点考核：对外开展学生实训总人数" }
point{ "1.2", "实训课程和教材开发", max = 16, levels = L, key = { "中职学校", "公共", "企业" },
  guidance = "中职学校实践中心、公共实践中心和企业实践中心重点考核：实训课程和教材建设数" }
point{ "1.3", "面向企业开展培训", max = 16, levels = L, key = { "中职学校", "高职学校" },
  guidance = "学校实践中心重点考核：培训服务收入" }
point{ "1.4", "横向技术服务", max = 16, levels = L, key = { "高职学校" },
  guidance = "高等职业学校的学校实践中心重点考核：开展横向企业技术服务收入" }
point{ "1.5", "科技成果奖项情况", max = 16, levels = L, key = { "高职学校" },
  guidance = "高等职业学校的学校实践中心重点考核：地市级以上科技成果奖项" }
indicator{ "2", "运营机制" }
point{ "2.1", "实践中心能够吸引各类学校、行业、企业广泛参与，采用理事会、用户委员会等治理模式，形成共建共管的组织架构", max = 10, levels = L }
point{ "2.2", "实践中心每年第一季度期间要完成实践中心年度开放运营计划（模板详见附件 1）编制，发布实践中心培训及技术服务支持、企业培训及技术服务需求“两张清单”，严格按照运营计划做好对外开放和技术服务工作，每年 12月 15日前完成实践中心年度运营报告（模板详见附件 2）编制，公开发布并接受社会监督", max = 10, levels = L }

autocheck{ "A1", "每年第一季度期间要完成实践中心年度开放运营计划", indicator = "2.2",
  check = date_by("annual_plan_date", "03-31", "年度开放运营计划完成") }
autocheck{ "A2", "每年 12月 15日前完成实践中心年度运营报告", indicator = "2.2",
  check = date_by("annual_report_date", "12-15", "年度运营报告完成") }
autocheck{ "A3", "发布实践中心培训及技术服务支持、企业培训及技术服务需求“两张清单”", indicator = "2.2",
  check = is_true("two_lists_published", "发布“两张清单”") }
autocheck{ "A4", "对外开展学生实训总人数", indicator = "1.1",
  check = reported("student_trainees", "对外开展学生实训总人数", "人次") }
autocheck{ "A5", "实训课程和教材建设数", indicator = "1.2",
  check = all_of{ reported("training_courses", "实训课程", "门"), reported("textbooks", "教材", "部") } }
autocheck{ "A6", "培训服务收入", indicator = "1.3", check = reported("training_income", "培训服务收入", "万元") }
autocheck{ "A7", "开展横向企业技术服务收入", indicator = "1.4",
  check = reported("tech_service_income", "横向企业技术服务收入", "万元") }
autocheck{ "A8", "地市级以上科技成果奖项", indicator = "1.5", check = reported("city_awards", "地市级以上科技成果奖项", "项") }
autocheck{ "A9", "年度开放运营计划（模板详见附件 1）", indicator = "2.2", check = has_file({ "运营计划" }, "年度开放运营计划") }
autocheck{ "A10", "年度运营报告（模板详见附件 2）", indicator = "2.2", check = has_file({ "运营报告" }, "年度运营报告") }

evidence{ indicator = "1.1", patterns = { "实训", "实习" } }
evidence{ indicator = "1.2", patterns = { "课程", "教材" } }
evidence{ indicator = "1.3", patterns = { "培训" } }
evidence{ indicator = "1.4", patterns = { "技术服务", "横向" } }
evidence{ indicator = "1.5", patterns = { "奖项", "获奖" } }
evidence{ indicator = "2.2", patterns = { "运营计划", "运营报告", "清单" } }
