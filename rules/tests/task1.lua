-- Expectations for task1 on its sample pack (facts: packs/samples-src/t1-changzhou/facts.json).
-- 常州市: eligible (every clause of 条件要求 1–5 answered by a fact); one major violation in the last 3
-- years, so A1 fails and D1 applies (the panel sets its points). E3.6 and E4.7 (鼓励) are information
-- (severity info): shown, never deciding eligibility.
expect { pack = "t1-changzhou.zip", eligible = true,
         conditions = { ["E1.1"] = "pass", ["E1.2"] = "pass", ["E1.3"] = "pass", ["E1.4"] = "pass",
                        ["E1.5"] = "pass", ["E1.6"] = "pass", ["E1.7"] = "pass", ["E1.8"] = "pass",
                        ["E2.1"] = "pass", ["E2.2"] = "pass", ["E2.3"] = "pass", ["E2.4"] = "pass", ["E2.5"] = "pass",
                        ["E3.1"] = "pass", ["E3.2"] = "pass", ["E3.3"] = "pass", ["E3.4"] = "pass",
                        ["E3.5"] = "pass", ["E3.6"] = "pass",
                        ["E4.1"] = "pass", ["E4.2"] = "pass", ["E4.3"] = "pass", ["E4.4"] = "pass",
                        ["E4.5"] = "pass", ["E4.6"] = "pass", ["E4.7"] = "pass",
                        ["E5.1"] = "pass", ["E5.2"] = "pass", ["E5.3"] = "pass" },
         autochecks = { A1 = "fail", A2 = "pass", A3 = "pass" }, vetoes = {}, deductions = { "D1" } }
