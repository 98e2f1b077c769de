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
  center_type                 = { "text", "", "实践中心类型", values = { "中职学校", "高职学校", "公共", "企业" } },
  in_14th_fyp_focus           = { "bool", "", "服务产业纳入“十四五”地方国民经济和社会发展规划重点领域" },
  site_area_m2                = { "number", "平方米", "占地面积" },  -- informative
  floor_area_m2               = { "number", "平方米", "建筑面积" },  -- informative
  equipment_units             = { "number", "台套", "设备数量" },  -- informative
  work_stations               = { "number", "", "实训工位" },  -- 个，informative
  tech_staff                  = { "number", "人", "专业技术人员数" },  -- ≥ 1
  mgmt_staff                  = { "number", "人", "管理人员数" },  -- ≥ 1
  open_years                  = { "number", "年", "开放运营年限" },  -- default threshold ≥ 1, the organiser's to set
  facilities_adequate         = { "bool", "", "实训场地、设施设备能满足需要" },
  cost_sharing                = { "bool", "", "建立了成本分担机制" },
  annual_plan_date            = { "date", "", "年度开放运营计划完成日期" },  -- 第一季度：≤ 03-31
  two_lists_published         = { "bool", "", "发布“两张清单”" },
  annual_report_date          = { "date", "", "年度运营报告完成日期" },  -- ≤ 12-15
  student_trainees            = { "number", "人次", "对外开展学生实训总人数" },
  training_courses            = { "number", "门", "实训课程建设数" },
  textbooks                   = { "number", "部", "教材建设数" },
  training_income             = { "number", "万元", "培训服务收入" },
  tech_service_income         = { "number", "万元", "横向企业技术服务收入" },
  city_awards                 = { "number", "项", "地市级以上科技成果奖项" },
  builder_matches_type        = { "bool", "", "建设单位类型与实践中心类型相符" },
  serves_strategic_industries = { "bool", "", "对接国家战略新兴产业和区域支柱产业" },
  staff_adequate              = { "bool", "", "专业技术人员、管理人员数量充足、结构合理" },
  open_experience             = { "bool", "", "开放运营经验丰富" },
  equipment_advanced          = { "bool", "", "相关工艺、材料、设备具有先进性" },
  funding_and_staffing        = { "bool", "", "建设单位提供必要的经费和人员投入" },
  management_sound            = { "bool", "", "实践中心管理机构和制度健全" },
  sustainable                 = { "bool", "", "充分调动各类主体积极性，保障可持续发展" },
  functions_strengthened      = { "bool", "", "持续加强人才培养、社会培训、技术服务功能建设" },
  outstanding_outputs         = { "bool", "", "支持协同创新、联合培养，产出突出成果" },
}
variant{ fact = "center_type", values = { "中职学校", "高职学校", "公共", "企业" } }

defaults{ weights = "文件未规定分值：监测指标与运营机制各项的分值（合计 100）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

-- 一、建设单位 (E1.x) and 二、基础条件 （一）…（四） (E2.x), clause by clause in the document's order.
-- Objective clauses are checked from facts; the others are questions the reviewer answers (a fact of
-- the same meaning answers them in advance). "一般为" is a warning (severity = "warn"), "可…" information (severity = "info"): neither decides eligibility.
eligibility{
  { "E1.1", "分为学校实践中心、公共实践中心、企业实践中心",
    one_of("center_type", { "中职学校", "高职学校", "公共", "企业" }, "实践中心类型") },
  { "E1.2", "学校实践中心的建设单位一般为职业学校（含中职学校、高职专科学校和本科层次职业学校，下同）。公共实践中心的建设单位一般为各级政府行政部门。企业实践中心的建设单位一般为企业",
    confirm("建设单位类型与实践中心类型相符吗（学校—职业学校，公共—各级政府行政部门，企业—企业）？",
            "builder_matches_type"), severity = "warn" },
  -- （一）聚焦重点领域
  { "E2.1", "实践中心要对接国家战略新兴产业和区域支柱产业",
    confirm("实践中心对接国家战略新兴产业和区域支柱产业吗？", "serves_strategic_industries") },
  { "E2.2", "服务产业应纳入“十四五”地方国民经济和社会发展规划重点领域",
    is_true("in_14th_fyp_focus", "服务产业纳入“十四五”规划重点领域") },
  -- （二）建设基础良好
  { "E2.3", "实践中心应具有良好的基础条件，占地面积、建筑面积、设备数量、实训工位应满足使用要求",
    confirm("占地面积、建筑面积、设备数量、实训工位满足使用要求吗？", "facilities_adequate") },
  { "E2.4", "专业技术人员、管理人员数量充足、结构合理",
    confirm("专业技术人员、管理人员数量充足、结构合理吗？", "staff_adequate") },
  { "E2.5", "开放运营经验丰富", confirm("开放运营经验丰富吗？", "open_experience") },
  { "E2.6", "相关工艺、材料、设备具有先进性", confirm("相关工艺、材料、设备具有先进性吗？", "equipment_advanced") },
  -- （三）运行管理规范
  { "E2.7", "建设单位能为实践中心的管理运营、设备维护更新、基础耗材等提供必要的经费和人员投入",
    confirm("建设单位能提供必要的经费和人员投入吗？", "funding_and_staffing") },
  { "E2.8", "实践中心管理机构和制度健全", confirm("实践中心管理机构和制度健全吗？", "management_sound") },
  { "E2.9", "建立了成本分担机制", is_true("cost_sharing", "成本分担机制") },
  { "E2.10", "能充分调动各类主体参与的积极性，保障可持续发展",
    confirm("能充分调动各类主体参与的积极性、保障可持续发展吗？", "sustainable") },
  -- （四）提升产出效益
  { "E2.11", "实践中心要持续加强在人才培养、社会培训、技术服务方面的功能建设",
    confirm("持续加强人才培养、社会培训、技术服务方面的功能建设吗？", "functions_strengthened") },
  { "E2.12", "可支持校企围绕生产经营过程中的关键问题开展协同创新，聚焦行业紧缺高技能人才开展联合培养，可以产出支撑区域产业和经济社会高质量发展的突出成果",
    confirm("支持校企协同创新、联合培养紧缺高技能人才，产出突出成果吗？", "outstanding_outputs"), severity = "info" },
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
autocheck{ "A11", "专业技术人员、管理人员数量充足、结构合理",
  check = all_of{ reported("tech_staff", "专业技术人员", "人"), reported("mgmt_staff", "管理人员", "人") } }
autocheck{ "A12", "开放运营经验丰富", check = reported("open_years", "开放运营年限", "年") }

evidence{ indicator = "1.1", patterns = { "实训", "实习" } }
evidence{ indicator = "1.2", patterns = { "课程", "教材" } }
evidence{ indicator = "1.3", patterns = { "培训" } }
evidence{ indicator = "1.4", patterns = { "技术服务", "横向" } }
evidence{ indicator = "1.5", patterns = { "奖项", "获奖" } }
evidence{ indicator = "2.2", patterns = { "运营计划", "运营报告", "清单" } }
