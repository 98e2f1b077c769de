-- task10-resource - 具有国际影响力的职业教育资源 (source: 000_2c07d4caf8a6f020.txt, 任务 10, 附件 1
-- （二）具有国际影响力的职业教育资源建设指标).
--
-- POINTS: the document gives no points. The weights below (per 二级指标, split evenly over its 观测点,
-- summing to 100) are defaults and are the organiser's to set. Ids: 一级指标 "1"…"6", 二级指标 "1.1"…,
-- 观测点 "1.1.1"… (the last part is the document's own 观测点 number; an unnumbered 观测点 is ".1"). The
-- 负面清单（一票否决）items are vetoes. Texts are verbatim. No 申报条件, so no eligibility conditions.
--
-- Facts: declared in facts{} below (jury rules facts task10-resource writes the table to fill).

ruleset{
  id = "task10-resource", name = "具有国际影响力的职业教育资源", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 10 附件（二）",
  total = 100, veto_policy = "majority",
}

facts{
  adopting_countries  = { "number", "个", "采用资源的国家数" },  -- 多个国家：≥ 2
  overseas_years      = { "number", "年", "国外应用实践周期" },  -- informative
  overseas_learners   = { "number", "", "国外学员规模" },  -- informative
  bilingual           = { "bool", "", "语言为双语或外文" },
  original_share      = { "percent", "%", "原创资源占比" },  -- informative
  neg_political_error = { "bool", "", "负面清单 1：存在政治性、科学性等错误表述" },
  neg_security        = { "bool", "", "负面清单 2：存在危害国家安全、技术泄密等情况" },
  neg_plagiarism      = { "bool", "", "负面清单 3：存在剽窃等侵犯知识产权的情况" },
  neg_public_opinion  = { "bool", "", "负面清单 4：在国内外造成负面舆情" },
}

defaults{ weights = "文件未规定分值：各二级指标的权重（合计 100，平分到其观测点）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

local L = "优良中差"

indicator{ "1", "政治性" }
point_group("1.1", "服务国家战略", 6, {
  "以习近平新时代中国特色社会主义思想为指导，讲好中国职教故事，体现我国在经济、科技、教育等方面的新成就。",
  "落实国家“一带一路”倡议，在推动文化交流、技能提升、国际产能合作和民心相通中作用显著。" }, L)
point_group("1.2", "体现先进理念", 10, {
  "落实国家职教政策。资源列入“双高”计划、“提质培优”项目等国家职教改革项目建设，并取得显著成效。",
  "体现公平全纳、面向人人、质量优先的教育理念。",
  "突出德技并修，理论和实践相统一，注重培养学生综合能力，适应学生的个性化、多样化学习与可持续发展需求。",
  "适应数字化变革需要，强化数字技能、绿色技能培养。" }, L)
indicator{ "2", "科学性" }
point_group("2.1", "结构完整", 6, {
  "内容设计的整体性和逻辑性强，框架清晰，体例规范，模块设置合理。",
  "资源配置合理，内容先进，文字、图片、音视频等系统设计，有机结合，体现教改教研新成果。" }, L)
point_group("2.2", "设计合理", 6, {
  "符合所在国实际，语言为双语或外文。外文语法、拼写准确规范，易于学员理解。",
  "运用数字化和融媒体技术，通过微课、动画等方式，丰富资源内容。",
  "资源使用平台优，便于学员登录。" }, L)
point_group("2.3", "类型特征鲜明", 6, {
  "体现鲜明的产业逻辑，紧贴相关行业技术需求。",
  "具有鲜明的产教融合特点，按照产业发展水平和职业标准进行设计，学校和行业企业共同研制。",
  "服务国际产能合作，伴随企业“走出去”。" }, L)
indicator{ "3", "实效性" }
point_group("3.1", "国内应用基础", 8, {
  "资源应用基础好，属于省级及以上“双高”专业群，或省级及以上专业教学资源库，或省级及以上在线精品课程等。",
  "资源所在专业具有开展国际化合作项目经验。" }, L)
point_group("3.2", "国外应用情况", 8, {
  "在国外职业教育和培训领域应用实践周期长，具有一定的学员规模。",
  "资源被多个国家采用，受到当地好评。" }, L)
point_group("3.3", "社会和经济效益", 6, {
  "应用于国外相关企业员工培训或职业学校师资培训等社会性培训项目，具有一定的培训规模。",
  "培训项目获得学员或所在单位好评。",
  "资源为学校带来一定的经济收入。" }, L)
indicator{ "4", "创新性" }
point_group("4.1", "对接产业前沿", 4, {
  "紧密对接新产业、新业态、新模式、新职业，广泛应用新材料、新设备、新工艺、新技术，体现先进性、引领性。" }, L)
point_group("4.2", "技术创新", 6, { "资源具有原创性，创作者或单位拥有知识产权。" }, L)
point_group("4.3", "接轨国际", 6, {
  "融入国际先进职业教育理念和模式，引进国际优质职教资源并本土化改造再提升。",
  "与当地产业技术水平相适应，符合当地技术标准和教育需求，在当地具备成熟、稳定的应用转化能力，促进当地产业技术发展。" }, L)
indicator{ "5", "推广性" }
point_group("5.1", "国外推广", 8, {
  "资源或技能标准纳入国外国民教育体系或职业资格框架。",
  "资源或技能标准被国际组织、行业组织、国际赛事等采纳情况。" }, L)
point_group("5.2", "社会影响", 8, {
  "国外政府、学校、行业、企业的使用评价良好，被国内外媒体宣传报道。",
  "实践经验入选省级及以上典型案例。" }, L)
indicator{ "6", "示范性" }
point_group("6.1", "标杆示范", 6, {
  "开发和建设模式得到国内职业院校的学习借鉴。",
  "获省级及以上教育主管部门和行业组织表彰奖励。",
  "建设方案和经验等被国家相关部门采纳、推广。" }, L)
point_group("6.2", "引领改革", 6, {
  "人才培养模式改革引领性强。", "职业教育资源建设引领性强。", "服务“一带一路”倡议引领性强。" }, L)

veto{ "V1", "存在政治性、科学性等错误表述。", fact = "neg_political_error" }
veto{ "V2", "存在危害国家安全、技术泄密等情况。", fact = "neg_security" }
veto{ "V3", "存在剽窃等侵犯知识产权的情况。", fact = "neg_plagiarism" }
veto{ "V4", "在国内外造成负面舆情的情况。", fact = "neg_public_opinion" }

autocheck{ "A1", "资源被多个国家采用，受到当地好评。", indicator = "3.2.2",
  check = at_least("adopting_countries", 2, "采用资源的国家", "个") }
autocheck{ "A2", "符合所在国实际，语言为双语或外文。", indicator = "2.2.1",
  check = is_true("bilingual", "双语或外文") }
autocheck{ "A3", "资源具有原创性，创作者或单位拥有知识产权。", indicator = "4.2.1",
  check = negate(text_has({ "知识产权", "情况说明" }, { "剽窃" }, "情况说明提及“剽窃”")) }

evidence{ indicator = "2.1.2", patterns = { "资源清单" } }
evidence{ indicator = "2.2.3", patterns = { "平台", "截图" } }
evidence{ indicator = "4.2.1", patterns = { "知识产权", "情况说明" } }
evidence{ indicator = "5.2.1", patterns = { "舆情", "报道" } }
