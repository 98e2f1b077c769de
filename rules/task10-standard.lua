-- task10-standard - 具有国际影响力的职业教育标准 (source: 000_2c07d4caf8a6f020.txt, 任务 10, 附件 1
-- （一）具有国际影响力的职业教育标准建设指标).
--
-- POINTS: the document gives no points. The weights below (per 二级指标, split evenly over its 观测点,
-- summing to 100) are defaults and are the organiser's to set. Ids: 一级指标 "1"…"6", 二级指标 "1.1"…,
-- 观测点 "1.1.1"… (the last part is the document's own 观测点 number). The 负面清单（一票否决）items are
-- vetoes. Texts are verbatim (line breaks joined). There are no 申报条件, so no eligibility conditions.
--
-- Facts: declared in facts{} below (jury rules facts task10-standard writes the table to fill).

ruleset{
  id = "task10-standard", name = "具有国际影响力的职业教育标准", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 10 附件（一）",
  total = 100, veto_policy = "majority",
}

facts{
  domestic_intl_years = { "number", "年", "国内国际化合作项目基础年限" },  -- ≥ 3
  overseas_years      = { "number", "年", "国（境）外应用实践周期" },  -- ≥ 2
  adopting_countries  = { "number", "", "应用国家数" },  -- informative
  bilingual           = { "bool", "", "使用语言为双语或外文" },
  local_manual        = { "bool", "", "配有当地语言操作手册或使用说明" },
  neg_political_error = { "bool", "", "负面清单 1：存在政治性、科学性等错误" },
  neg_security        = { "bool", "", "负面清单 2：存在危害国家安全、技术泄密等情况" },
  neg_ip_infringement = { "bool", "", "负面清单 3：存在侵犯知识产权的情况" },
  neg_public_opinion  = { "bool", "", "负面清单 4：引起所在国负面舆论评价" },
}

defaults{ weights = "文件未规定分值：各二级指标的权重（合计 100，平分到其观测点）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

local L = "优良中差"

indicator{ "1", "政治性" }
point_group("1.1", "服务国家战略", 6, {
  "以习近平新时代中国特色社会主义思想为指导，讲好中国职教故事，体现我国在经济、科技、教育等方面的新成就。",
  "落实国家“一带一路”倡议，在推动文化交流、技能提升、国际产能合作和民心相通中作用显著。" }, L)
point_group("1.2", "体现先进理念", 9, {
  "契合国家教育对外开放政策，对接国际公认的职业教育教学标准体系。",
  "突出德技并修，理论和实践相统一，注重培养学生综合能力，适应学生的个性化、多样化学习与可持续发展需求。",
  "适应数字化变革需要，强化数字技能、绿色技能培养。" }, L)
indicator{ "2", "科学性" }
point_group("2.1", "结构完整", 6, {
  "内容设计的整体性和逻辑性强，框架清晰，体例规范，模块设置合理。",
  "遵循标准设计的规律和要求，格式规范、内容全面、操作性强。" }, L)
point_group("2.2", "设计合理", 6, {
  "体现一体化设计理念，对标准进行一体化设计。",
  "符合所在国实际，使用语言为双语或外文，遵循标准设计的规律和要求，格式规范、内容全面、操作性强。",
  "配有当地语言操作手册或使用说明。" }, L)
point_group("2.3", "类型特征鲜明", 6, {
  "体现鲜明的产业逻辑，紧贴相关行业技术需求。",
  "具有鲜明的产教融合特点，按照产业发展水平和职业标准进行设计，学校和行业企业共同研制。",
  "服务国际产能合作，协同大型企业“走出去”。" }, L)
indicator{ "3", "实效性" }
point_group("3.1", "国内应用基础", 8, {
  "在省级及以上“双高”专业群，具有开展中外合作办学、人才联合培养、境外培训等国际化合作项目之一。",
  "在国内有 3 年以上国际化合作项目基础。" }, L)
point_group("3.2", "国外应用情况", 8, {
  "在国（境）外职业教育和培训领域应用，拥有 2 年以上应用实践周期，具有一定应用规模。" }, L)
point_group("3.3", "社会和经济效益", 6, {
  "将我国先进的高职教育理念、人才培养模式、教育教学内容与方法等进行传播，推动相关国家技术技能人才培养质量提升，服务国际产能合作和中国企业走出去。" }, L)
indicator{ "4", "创新性" }
point_group("4.1", "对接产业前沿", 4, {
  "紧密对接新产业、新业态、新模式、新职业，广泛应用新材料、新设备、新工艺、新技术，体现先进性、引领性。" }, L)
point_group("4.2", "技术创新", 6, { "具有原创性，已获得国内相关机构认定等。", "运用数字技术，取得明显成效。" }, L)
point_group("4.3", "接轨国际", 6, {
  "融入国际先进职业教育理念和模式，引进国际优质职教资源并本土化改造再提升。",
  "与当地产业技术水平相适应，符合当地技术标准和教育需求，在当地具备成熟、稳定的应用转化能力，促进当地产业技术发展。" }, L)
indicator{ "5", "推广性" }
point_group("5.1", "国外推广", 8, { "被纳入所在国国民教育体系或职业资格框架。", "被国际组织、行业组织、国际赛事等认定和采纳。" }, L)
point_group("5.2", "社会影响", 6, { "境外政府、学校、行业、企业的使用评价良好，被国内外媒体等宣传报道。" }, L)
indicator{ "6", "示范性" }
point_group("6.1", "标杆示范", 9, {
  "开发和建设模式得到国内其他职业院校的学习借鉴。",
  "获省级及以上教育主管部门和行业组织表彰奖励。",
  "建设方案和经验等被国家相关部门采纳、推广。" }, L)
point_group("6.2", "引领改革", 6, { "标准建设改革引领性强。", "服务“一带一路”倡议引领性强。" }, L)

veto{ "V1", "存在政治性、科学性等错误。", fact = "neg_political_error" }
veto{ "V2", "存在危害国家安全、技术泄密等情况。", fact = "neg_security" }
veto{ "V3", "存在侵犯知识产权的情况。", fact = "neg_ip_infringement" }
veto{ "V4", "引起所在国负面舆论评价。", fact = "neg_public_opinion" }

autocheck{ "A1", "在国内有 3 年以上国际化合作项目基础。", indicator = "3.1.2",
  check = at_least("domestic_intl_years", 3, "国内国际化合作项目基础", "年") }
autocheck{ "A2", "拥有 2 年以上应用实践周期", indicator = "3.2.1",
  check = at_least("overseas_years", 2, "国（境）外应用实践周期", "年") }
autocheck{ "A3", "使用语言为双语或外文", indicator = "2.2.2",
  check = first_of(is_true("bilingual", "双语或外文"), has_file({ "双语", "英文", "english" }, "双语或外文文本")) }
autocheck{ "A4", "配有当地语言操作手册或使用说明。", indicator = "2.2.3",
  check = first_of(is_true("local_manual", "当地语言操作手册"), has_file({ "手册", "使用说明" }, "操作手册或使用说明")) }

evidence{ indicator = "2.1.1", patterns = { "标准文本" } }
evidence{ indicator = "2.2.2", patterns = { "双语", "英文" } }
evidence{ indicator = "3.2.1", patterns = { "境外应用", "应用证明", "境外培训" } }
evidence{ indicator = "3.1.2", patterns = { "基础数据" } }
