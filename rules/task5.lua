-- task5 - 具有较高国际化水平的职业学校 (source: 000_2c07d4caf8a6f020.txt, 任务 5; 任务 11 repeats it).
--
-- The definition is rules/lib/50_intl_school.lua (shared with task11.lua: the document repeats 任务 5 as
-- 任务 11). To change it for one kit, copy that function's body here in place of the call.
--
-- Facts (pack manifest, snake_case):
--   approved_by_education_dept bool    教育行政部门批准设立
--   run_years                  number  已办学年限（年，≥ 3）
--   school_type                string  中职学校 | 高职专科学校 | 本科层次职业学校
--   c1_sino_foreign            bool    条件 1：有实质运行中的中外合作办学机构或项目
--   c2_going_global            bool    条件 2：参与“走出去”试点、境外办学、海外应用技术学院等
--   c3_student_exchange        bool    条件 3：学生出国留学（交流）和来华留学有一定规模，教师访学有基础
--   c4_intl_standards          bool    条件 4：开发国际化标准、教学资源和教学装备有良好基础
--   c5_intl_mechanism          bool    条件 5：建立健全的国际化工作机制与团队
--   sino_foreign_programmes    number  中外合作办学机构或项目数（informative）
--   outbound_students          number  学生出国留学（交流）人数
--   inbound_students           number  来华留学生人数
--   visiting_teachers          number  教师国（境）外访学交流人次

intl_school{ id = "task5", source = "000_2c07d4caf8a6f020.txt 任务 5" }
