-- task10-equipment - 具有国际影响力的职业教育装备 (source: 000_2c07d4caf8a6f020.txt, 任务 10, 附件 1
-- （三）具有国际影响力的职业教育装备建设指标).
--
-- POINTS: the document gives no points. The weights below (per 二级指标, split evenly over its 观测点,
-- summing to 100) are defaults and are the organiser's to set. Ids: 一级指标 "1"…"6", 二级指标 "1.1"…,
-- 观测点 "1.1.1"… (the last part is the document's own 观测点 number; an unnumbered 观测点 is ".1"). The
-- 负面清单（一票否决）items are vetoes. Texts are verbatim. No 申报条件, so no eligibility conditions.
--
-- Facts: declared in facts{} below (jury rules facts task10-equipment writes the table to fill).

ruleset{
  id = "task10-equipment", name = "具有国际影响力的职业教育装备", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 10 附件（三）",
  total = 100, veto_policy = "majority",
}

facts{
  going_global_enterprises = { "number", "家", "协同“走出去”的企业数" },  -- ≥ 2
  domestic_intl_years      = { "number", "年", "国内国际化合作项目基础年限" },  -- ≥ 3
  overseas_years           = { "number", "年", "国（境）外应用实践周期" },  -- ≥ 2
  adopting_countries       = { "number", "", "应用国家数" },  -- informative
  patents                  = { "number", "项", "专利授权数" },  -- 发明 + 实用新型
  software_copyrights      = { "number", "项", "软件著作权数" },
  local_manual             = { "bool", "", "配有当地语言操作手册或使用说明" },
  neg_symbols              = { "bool", "", "负面清单 1：装备上有可能造成误解的图标、图腾元素" },
  neg_slogans              = { "bool", "", "负面清单 2：装备上有不适宜标语等政治性错误" },
  neg_security             = { "bool", "", "负面清单 3：有危害国家安全、学术不端等行为" },
  neg_bad_record           = { "bool", "", "负面清单 4：有不良经营记录" },
  neg_no_ip                = { "bool", "", "负面清单 5：装备无知识产权或不符合使用国标准、无认证" },
}

defaults{ weights = "文件未规定分值：各二级指标的权重（合计 100，平分到其观测点）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

local L = "优良中差"

indicator{ "1", "政治性" }
point_group("1.1", "服务国家战略", 6, {
  "以习近平新时代中国特色社会主义思想为指导，讲好中国职教故事，体现我国在经济、科技、教育等方面的新成就。",
  "落实国家“一带一路”倡议，在推动文化交流、技能提升、国际产能合作和民心相通中作用显著。" }, L)
point_group("1.2", "体现先进理念", 8, {
  "契合国家教育对外开放政策。",
  "体现公平全纳、面向人人、质量优先的教育理念。",
  "突出德技并修，理论和实践相统一，注重培养学生综合能力，适应学⽣的个性化、多样化学习与可持续发展需求。",
  "适应数字化变革需要，强化数字技能、绿色技能培养。" }, L)
indicator{ "2", "科学性" }
point_group("2.1", "结构完整", 4, {
  "内容设计的整体性和逻辑性强，框架清晰，体例规范，模块设置合理。",
  "资源配置合理，内容先进，将文字、图片、音视频等有机结合。" }, L)
point_group("2.2", "设计合理", 8, {
  "体现一体化设计理念，对标准、资源、装备进行一体化设计。",
  "符合所在国实际，遵循标准设计的规律和要求，格式规范、内容全面、操作性强。",
  "配有当地语言操作手册或使用说明。",
  "装备设计符合使用国技术、技术产品和学员要求，安全可靠性高。" }, L)
point_group("2.3", "类型特征鲜明", 6, {
  "体现鲜明的产业逻辑，紧贴相关行业技术需求。",
  "具有鲜明的产教融合特点，按照产业发展水平和职业标准进行设计，学校和行业企业共同研制。",
  "服务国际产能合作，协同 2 个及以上企业“走出去”。" }, L)
indicator{ "3", "实效性" }
point_group("3.1", "国内应用基础", 8, {
  "在省级及以上“双高”专业群，省级及以上专业教学资源库，或在省级及以上在线精品课程应用。",
  "在国内有 3 年以上国际化合作项目基础。" }, L)
point_group("3.2", "国（境）外应用情况", 8, {
  "在国（境）外职业教育和培训领域应用，拥有 2 年以上应用实践周期，具有一定应用规模。" }, L)
point_group("3.3", "社会和经济效益", 6, {
  "在推动需求国产业经济发展中起到了良好成效。",
  "在推进需求国技术技能人才培养取得了良好成效。" }, L)
indicator{ "4", "创新性" }
point_group("4.1", "对接产业前沿", 4, {
  "紧密对接新产业、新业态、新模式、新职业，广泛应用新材料、新设备、新工艺、新技术，体现先进性、引领性。" }, L)
point_group("4.2", "技术创新", 6, { "具有原创性，已获得专利授权、软件著作权等。", "运用数字技术，取得明显成效。" }, L)
point_group("4.3", "接轨国际", 6, {
  "融入国际先进职业教育理念和模式，引进国际优质职教资源并本土化改造再提升。",
  "与当地产业技术水平相适应，符合当地技术标准和教育需求，在当地具备成熟、稳定的应用转化能力，促进当地产业技术发展。" }, L)
indicator{ "5", "推广性" }
point_group("5.1", "国外推广", 9, {
  "被纳入需求国国民教育体系或职业资格框架。",
  "被国际组织、行业组织、国际赛事等认定和采纳。",
  "软件类产品支持国际化和本地化部署，软件开发企业通过国际认证" }, L)
point_group("5.2", "社会影响", 6, {
  "境外政府、学校、行业、企业的使用评价良好，被国内外媒体等宣传报道。",
  "实践经验入选省级及以上典型案例。" }, L)
indicator{ "6", "示范性" }
point_group("6.1", "标杆示范", 9, {
  "开发和建设模式得到国内其他职业院校的学习借鉴。",
  "获省级及以上教育主管部门和行业组织表彰奖励。",
  "建设方案和经验等被国家相关部门采纳、推广。" }, L)
point_group("6.2", "引领改革", 6, { "人才培养模式改革引领性强。", "服务“一带一路”倡议引领性强。" }, L)

veto{ "V1", "装备上有因文化和宗教背景可能造成误解的图标、图腾元素；", fact = "neg_symbols" }
veto{ "V2", "装备上有不适宜标语等政治性错误，引起所在国负面舆论评价；", fact = "neg_slogans" }
veto{ "V3", "有危害国家安全、学术不端等行为；", fact = "neg_security" }
veto{ "V4", "有不良经营记录，造成严重不良国际影响的；", fact = "neg_bad_record" }
veto{ "V5", "装备无知识产权（软著、专利等），设备不符合使用国环保、语言、排放等标准要求，无相关认证证明材料。",
  fact = "neg_no_ip" }

autocheck{ "A1", "服务国际产能合作，协同 2 个及以上企业“走出去”。", indicator = "2.3.3",
  check = at_least("going_global_enterprises", 2, "协同“走出去”企业", "家") }
autocheck{ "A2", "在国内有 3 年以上国际化合作项目基础。", indicator = "3.1.2",
  check = at_least("domestic_intl_years", 3, "国内国际化合作项目基础", "年") }
autocheck{ "A3", "拥有 2 年以上应用实践周期", indicator = "3.2.1",
  check = at_least("overseas_years", 2, "国（境）外应用实践周期", "年") }
autocheck{ "A4", "具有原创性，已获得专利授权、软件著作权等。", indicator = "4.2.1",
  check = k_of_n(1, { { "专利", at_least("patents", 1, "专利授权", "项") },
                      { "软著", at_least("software_copyrights", 1, "软件著作权", "项") } }, "知识产权") }
autocheck{ "A5", "配有当地语言操作手册或使用说明。", indicator = "2.2.3",
  check = first_of(is_true("local_manual", "当地语言操作手册"), has_file({ "手册", "使用说明" }, "操作手册或使用说明")) }

evidence{ indicator = "2.2.3", patterns = { "手册", "使用说明" } }
evidence{ indicator = "4.2.1", patterns = { "专利", "软著", "认证" } }
evidence{ indicator = "3.2.1", patterns = { "基础数据", "汇报" } }
evidence{ indicator = "1.1.2", patterns = { "申报书" } }
