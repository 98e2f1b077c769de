-- task1 - 市域产教联合体 (source: 000_2c07d4caf8a6f020.txt, 任务 1 and its 附件 市域产教联合体建设指标).
--
-- POINTS: the document gives no points. The points below (summing to 100) are defaults; they are the
-- organiser's to set. Texts are verbatim from the document (line breaks joined).
--
-- Facts: declared in facts{} below (jury rules facts task1 writes the table to fill).

ruleset{
  id = "task1", name = "市域产教联合体", version = "1.0",
  source = "000_2c07d4caf8a6f020.txt 任务 1",
  total = 100, veto_policy = "majority",
}

facts{
  park_output_top            = { "bool", "", "依托的产业园区总产值在本省份位于前列" },
  park_output_100m_yuan      = { "number", "亿元", "园区总产值" },  -- informative
  council_members            = { "number", "", "理事单位数" },  -- informative
  secondary_schools          = { "number", "所", "成员中的中职学校数" },
  higher_schools             = { "number", "所", "成员中的高职（含职教本科）学校数" },
  undergrad_members          = { "number", "所", "作为成员的普通本科学校数" },
  has_council                = { "bool", "", "成立多方参与的理事会" },  -- 董事会
  leading_enterprise_engaged = { "bool", "", "龙头企业深度参与并取得实际成效" },
  has_tech_platform          = { "bool", "", "建设共性技术服务平台" },
  incentive_policies         = { "bool", "", "明确支持职业教育的激励政策具体举措" },
  major_violations_3y        = { "number", "起", "近 3 年重大违法违规事件数" },  -- > 0 → 7.其他 酌情扣分
  core_industries_ok         = { "bool", "", "园区以先进制造业、现代服务业、现代农业等为核心主导产业" },
  emerging_industries_ok     = { "bool", "", "园区加快发展战略性新兴产业" },
  has_talent_platform        = { "bool", "", "搭建联合体人才供需信息平台" },
  has_training_base          = { "bool", "", "建设产教融合实训基地" },
  has_industry_college       = { "bool", "", "校企共建产业学院" },
  chains_integrated          = { "bool", "", "促进教育链、人才链与产业链、创新链紧密结合" },
  dept_mechanism             = { "bool", "", "教育部门会同有关部门建立协调联动的工作机制" },
  four_party_synergy         = { "bool", "", "政府、行业、企业与学校四方协同的命运共同体" },
  members_cooperate          = { "bool", "", "联合体内各类主体协同配合" },
  entity_operation           = { "bool", "", "达到实体化运作要求" },
  new_training_models        = { "bool", "", "积极探索高技能人才培养的新模式" },
  apprenticeship             = { "bool", "", "广泛开展中国特色学徒制" },
  internships_hosted         = { "bool", "", "普遍接收学生实习实训和教师岗位实践" },
  staged_or_through_training = { "bool", "", "中职、高职高专、本科学校合作分段培养或贯通培养" },
  undergrad_admits_graduates = { "bool", "", "普通本科学校招收中高职毕业生和企业一线优秀员工" },
  rd_chain                   = { "bool", "", "打通科研开发、技术创新、成果转移链条" },
  tech_services              = { "bool", "", "为园区企业提供技术咨询与服务" },
  has_training_plan          = { "bool", "", "联合体制定培训规划" },
  training_coordinated       = { "bool", "", "统筹各成员单位的培训资源和需求" },
  employee_training          = { "bool", "", "院校承接企业员工的岗前培训、岗位培训和继续教育" },
  public_training            = { "bool", "", "面向社会开展技术技能培训服务" },
  fiscal_support             = { "bool", "", "加大财政经费支持，吸引社会资本、产业资金投入" },
  awards_given               = { "bool", "", "按国家有关规定给予表彰奖励" },
}

defaults{ weights = "文件未规定各观测点分值，以下分值（合计 100）为组织方默认",
          levels = "优/良/中/差 按满分的 100%/80%/60%/30% 计，为组织方默认" }

-- 条件要求 1–5, clause by clause in the document's order (E<condition>.<clause>). Objective clauses are
-- checked from facts; the others are questions the reviewer answers (a fact of the same meaning, when
-- the organiser collects it, answers them in advance). "鼓励…" clauses are information (severity = "info").
eligibility{
  -- 1.产教资源相对集聚
  { "E1.1", "联合体依托的产业园区总产值在本省份位于前列",
    confirm("产业园区总产值在本省份位于前列吗？", "park_output_top") },
  { "E1.2", "主要以先进制造业、现代服务业、现代农业等为核心主导产业",
    confirm("园区以先进制造业、现代服务业、现代农业等为核心主导产业吗？", "core_industries_ok") },
  { "E1.3", "加快发展新一代信息技术、生物技术、新能源、新材料、高端装备、新能源汽车、绿色环保以及航空航天、海洋装备等战略性新兴产业",
    confirm("园区加快发展战略性新兴产业吗？", "emerging_industries_ok") },
  { "E1.4", "联合体职业教育资源富集，涵盖中职、高职（含职教本科）学校，吸纳普通本科学校作为成员",
    all_of{ at_least("secondary_schools", 1, "中职学校", "所"),
            at_least("higher_schools", 1, "高职（含职教本科）学校", "所"),
            at_least("undergrad_members", 1, "普通本科成员学校", "所") } },
  { "E1.5", "搭建联合体人才供需信息平台", is_true("has_talent_platform", "联合体人才供需信息平台") },
  { "E1.6", "建设产教融合实训基地", is_true("has_training_base", "产教融合实训基地") },
  { "E1.7", "校企共建产业学院", is_true("has_industry_college", "校企共建产业学院") },
  { "E1.8", "促进教育链、人才链与产业链、创新链紧密结合",
    confirm("促进了教育链、人才链与产业链、创新链紧密结合吗？", "chains_integrated") },
  -- 2.组织治理机制完备
  { "E2.1", "教育部门会同发展改革、工业和信息化、财政、人力资源社会保障、国资等部门建立密切配合、协调联动的工作机制",
    confirm("教育部门会同有关部门建立了协调联动的工作机制吗？", "dept_mechanism") },
  { "E2.2", "打造政府、行业、企业与学校四方协同的命运共同体",
    confirm("打造了政府、行业、企业与学校四方协同的命运共同体吗？", "four_party_synergy") },
  { "E2.3", "联合体内各类主体协同配合", confirm("联合体内各类主体协同配合吗？", "members_cooperate") },
  { "E2.4", "成立政府、企业、学校、科研机构等多方参与的理事会（董事会）", is_true("has_council", "成立理事会（董事会）") },
  { "E2.5", "达到产权明晰、组织完备、机制健全、运行高效的实体化运作要求",
    confirm("达到产权明晰、组织完备、机制健全、运行高效的实体化运作要求吗？", "entity_operation") },
  -- 3.人才培养取得突破
  { "E3.1", "龙头企业深度参与职业学校专业规划、人才培养标准、教材课程开发、师资队伍建设等各个环节，并取得实际成效",
    confirm("龙头企业深度参与并取得实际成效吗？", "leading_enterprise_engaged") },
  { "E3.2", "积极探索高技能人才培养的新模式", confirm("积极探索了高技能人才培养的新模式吗？", "new_training_models") },
  { "E3.3", "广泛开展校企联合招生、联合培养、岗位成才的中国特色学徒制",
    confirm("广泛开展中国特色学徒制吗？", "apprenticeship") },
  { "E3.4", "普遍接收职业院校学生开展实习实训和教师岗位实践",
    confirm("企业普遍接收学生实习实训和教师岗位实践吗？", "internships_hosted") },
  { "E3.5", "支持联合体内中职、高职高专、本科学校合作分段培养或贯通培养",
    is_true("staged_or_through_training", "中职、高职高专、本科学校分段培养或贯通培养") },
  { "E3.6", "鼓励普通本科学校招收符合条件的中高职毕业生和企业一线优秀员工就读本科和专业学位研究生教育",
    is_true("undergrad_admits_graduates", "普通本科学校招收中高职毕业生和一线优秀员工"), severity = "info" },
  -- 4.有效服务产业发展
  { "E4.1", "联合体建设共性技术服务平台", is_true("has_tech_platform", "共性技术服务平台") },
  { "E4.2", "打通科研开发、技术创新、成果转移链条",
    confirm("打通了科研开发、技术创新、成果转移链条吗？", "rd_chain") },
  { "E4.3", "为园区企业提供技术咨询与服务，促进技术创新、工艺改进、产品升级，解决企业实际生产问题",
    confirm("为园区企业提供技术咨询与服务、解决实际生产问题吗？", "tech_services") },
  { "E4.4", "联合体制定培训规划", is_true("has_training_plan", "联合体培训规划") },
  { "E4.5", "统筹各成员单位的培训资源和需求", confirm("统筹了各成员单位的培训资源和需求吗？", "training_coordinated") },
  { "E4.6", "支持联合体内院校积极承接企业员工的岗前培训、岗位培训和继续教育",
    confirm("院校积极承接企业员工的岗前培训、岗位培训和继续教育吗？", "employee_training") },
  { "E4.7", "鼓励面向社会开展技术技能培训服务",
    is_true("public_training", "面向社会开展技术技能培训服务"), severity = "info" },
  -- 5.保障条件切实到位
  { "E5.1", "加大财政经费支持力度，吸引社会资本、产业资金投入，支持职业教育重大建设和改革项目",
    confirm("加大了财政经费支持力度并吸引社会资本、产业资金投入吗？", "fiscal_support") },
  { "E5.2", "明确支持职业教育的金融、财政、税费、土地、信用、就业和收入分配等激励政策的具体举措，落实落地见效果",
    confirm("激励政策有具体举措且落实落地见效果吗？", "incentive_policies") },
  { "E5.3", "树立结果导向的评价方向，对优秀的职业学校、校长、教师、学生和技术技能人才按照国家有关规定给予表彰奖励",
    confirm("树立结果导向的评价方向并按规定给予表彰奖励吗？", "awards_given") },
}

local L = "优良中差"

indicator{ "1", "基本情况" }
point{ "1.1", "联合体依托的产业园区总产值在省内位于前列，主要以先进制造业、现代服务业、现代农业等为核心主导产业；联合体职业教育资源富集，涵盖中职、高职（含职教本科）学校，吸纳普通本科学校作为成员", max = 4, levels = L }
point{ "1.2", "将联合体建设情况纳入产业园区工作考核指标和职业教育工作目标考核体系", max = 3, levels = L }
point{ "1.3", "教育部门会同其他有关部门建立密切配合的协调联动机制，明确职责分工，划定重点任务，提出时间节点", max = 3, levels = L }
point{ "1.4", "经费投入和其他政策支持力度较大，明确支持职业教育的金融、财政、税费、土地、信用、就业和收入分配等激励政策的具体举措，相关政策落地实施", max = 4, levels = L }

indicator{ "2", "运行机制" }
point{ "2.1", "成立政府、企业、学校、科研机构等多方参与的理事会（董事会）", max = 4, levels = L }
point{ "2.2", "建立多元协同、共建共管的治理模式，达到产权明晰、组织完备、机制健全、运行高效的实体化运作要求", max = 4, levels = L }
point{ "2.3", "建立市域产教联合体章程、运营管理制度等，构建市域产教联合体人员聘用及评价体系、绩效考核体系、运营质量保障体系等", max = 4, levels = L }
point{ "2.4", "理事会（董事会）管理决策、秘书处（办公室）日常工作、各执行机构（包括分支机构）运行规范明晰", max = 3, levels = L }

indicator{ "3", "共建共享" }
point{ "3.1", "联合体内各类主体共商培养方案、共组教学团队、共建教学资源，共同实施学业考核评价，积极探索高技能人才培养的新模式，广泛开展校企联合招生、联合培养、岗位成才的中国特色学徒制", max = 4, levels = L }
point{ "3.2", "龙头企业深度参与职业学校专业规划、人才培养标准、教材课程开发、师资队伍建设等各个环节，并取得实际成效", max = 4, levels = L }
point{ "3.3", "对标产业发展前沿，联合体成员单位共建产教融合实训基地和产业学院，促进教育链、人才链与产业链、创新链紧密结合", max = 4, levels = L }
point{ "3.4", "设置灵活的用人机制，采取固定岗与流动岗相结合的方式，聘请企业工程技术人员、高技能人才、管理人员、能工巧匠等到校全职或兼职工作", max = 4, levels = L }
point{ "3.5", "校企联合制订人才培养方案或职工培训方案，实现人员互相兼职，相互为学生实习实训、教师实践、学生就业创业、员工培训、企业技术和产品研发、成果转移转化等提供支持", max = 4, levels = L }

indicator{ "4", "人才培养" }
point{ "4.1", "搭建人才供需信息平台，职业学校紧贴市场和就业形势，完善职业教育专业动态调整机制，促进专业布局与当地产业结构紧密对接", max = 4, levels = L }
point{ "4.2", "坚持服务学生全面发展，通过校企协作育人，积极塑造学生的价值观念、职业技能意识以及社会责任感，有效提升学生的实践能力、沟通合作能力、可持续发展能力", max = 4, levels = L }
point{ "4.3", "联合体各类主体深度参与职业学校专业规划、人才培养规格确定、课程开发、师资队伍建设，及时把新方法、新技术、新工艺、新标准引入教育教学实践", max = 4, levels = L }
point{ "4.4", "企业按岗位总量一定比例设立岗位，接受学生来企实习实训和教师岗位实践", max = 4, levels = L }
point{ "4.5", "联合体所在省建立完善“文化素质+职业技能”考试招生办法，支持联合体内中职、高职高专、本科学校合作分段培养或贯通培养学生，鼓励普通本科学校招收符合条件的中高职毕业生和企业一线优秀员工就读本科和专业学位研究生教育", max = 4, levels = L }

indicator{ "5", "服务发展" }
point{ "5.1", "建设共性技术服务平台，支持联合体内职业院校、普通高校、科研机构与企业开展协同攻关，为园区企业提供技术咨询与服务，促进技术创新、工艺改进、产品升级，解决实际生产问题", max = 4, levels = L }
point{ "5.2", "联合体校企合作开展技术研发的成果转化率较高，合作取得一批研究成果（包括发明专利、实用新型专利等）、一批省部级奖励（包括教育教学成果、创新创业实践成果、科技创新成果等）", max = 4, levels = L }
point{ "5.3", "联合制订培训规划，支持联合体内院校积极承接企业员工开展岗前培训、岗位培训、继续教育等，提升企业员工的技能水平和岗位适应能力，培训效果好", max = 4, levels = L }
point{ "5.4", "联合体积极服务制造强国、乡村振兴、共同富裕、“一带一路”倡议等国家和区域重大发展战略，取得显著成效", max = 4, levels = L }

indicator{ "6", "特色创新" }
point{ "6.1", "联合体在服务区域经济社会发展等方面理念先进、特色鲜明、成绩突出", max = 5, levels = L }
point{ "6.2", "联合体在制度建设、运行机制等方面改革创新，并取得明显成效，具有推广价值", max = 5, levels = L }
point{ "6.3", "联合体促进了本地区本行业职业教育发展，提升了职业教育的社会影响力", max = 5, levels = L }

-- 7.其他 is not scored: it is a bounded deduction the panel applies.
indicator{ "7", "其他" }
deduction{ "D1", "联合体近 3 年内在招生、就业、安全等领域发生过重大违法违规事件、造成不良社会影响的，酌情扣分", max = 10,
  fact = "major_violations_3y", default = "文件只说“酌情扣分”：扣分上限 10 分为组织方默认" }

autocheck{ "A1", "联合体近 3 年内在招生、就业、安全等领域发生过重大违法违规事件", indicator = "7",
  check = at_most("major_violations_3y", 0, "近 3 年重大违法违规事件", "起") }
autocheck{ "A2", "建立市域产教联合体章程", indicator = "2.3", check = has_file({ "章程" }, "联合体章程") }
autocheck{ "A3", "成立政府、企业、学校、科研机构等多方参与的理事会（董事会）", indicator = "2.1",
  check = first_of(is_true("has_council", "成立理事会（董事会）"), has_file({ "理事会", "董事会" }, "理事会文件")) }

evidence{ indicator = "1.1", patterns = { "产值", "园区", "成员" } }
evidence{ indicator = "1.4", patterns = { "政策", "经费" } }
evidence{ indicator = "2.1", patterns = { "理事会", "董事会" } }
evidence{ indicator = "2.3", patterns = { "章程", "制度" } }
evidence{ indicator = "3.3", patterns = { "实训基地", "产业学院" } }
evidence{ indicator = "4.1", patterns = { "供需", "平台" } }
evidence{ indicator = "5.2", patterns = { "专利", "成果", "获奖" } }
evidence{ indicator = "5.3", patterns = { "培训" } }
evidence{ indicator = "7", patterns = { "情况说明" } }
