-- task11 - 具有较高国际化水平的职业学校 (source: 000_2c07d4caf8a6f020.txt, 任务 11).
--
-- The document prints 任务 11 word for word as 任务 5, so this rule set is task5's definition
-- (intl_school{} in rules/lib/50_intl_school.lua, with its facts{}) under its own id.

intl_school{ id = "task11", source = "000_2c07d4caf8a6f020.txt 任务 11" }
