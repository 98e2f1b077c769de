-- Expectations for task6 (facts: packs/samples-src/t6-vr-base/facts.json): eligible (every clause of
-- 基础条件 answered by a fact), 4 semesters, update rate 15% ≥ 10%; no budget execution figure given yet.
expect { pack = "t6-vr-base.zip", eligible = true,
         conditions = { E1 = "pass", ["E2.1"] = "pass", ["E2.2"] = "pass", ["E2.3"] = "pass", ["E2.4"] = "pass",
                        ["E2.5"] = "pass", ["E2.6"] = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "nodata", A4 = "pass", A5 = "pass" }, vetoes = {} }
