-- task5 - 具有较高国际化水平的职业学校 (source: 000_2c07d4caf8a6f020.txt, 任务 5; 任务 11 repeats it).
--
-- The definition, with its facts{}, is intl_school{} in rules/lib/50_intl_school.lua, shared with
-- task11.lua (the document prints 任务 5 again, word for word, as 任务 11). jury rules facts task5 writes
-- the table to fill. To change the rule set for one kit only, copy that function's body here in place
-- of the call.

intl_school{ id = "task5", source = "000_2c07d4caf8a6f020.txt 任务 5" }
