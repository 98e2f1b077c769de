-- Expectations for task2 (facts: packs/samples-src/t2-nev/facts.json): eligible (every clause of
-- 一、建设单位 answered by a fact), reports published in Q1. E1.4 (severity info) and A5
-- (鼓励) are information only.
expect { pack = "t2-nev.zip", eligible = true,
         conditions = { ["E1.1"] = "pass", ["E1.2"] = "pass", ["E1.3"] = "pass", ["E1.4"] = "pass",
                        ["E1.5"] = "pass", ["E1.6"] = "pass", ["E1.7"] = "pass", ["E1.8"] = "pass",
                        ["E1.9"] = "pass", ["E1.10"] = "pass", ["E1.11"] = "pass",
                        ["E2.1"] = "pass", ["E2.2"] = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A4 = "pass", A5 = "pass", A6 = "pass", A7 = "pass", A8 = "pass" },
         vetoes = {} }
