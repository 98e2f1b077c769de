-- Expectations for task6 (facts: packs/samples-src/t6-vr-base/facts.json): eligible, 4 semesters,
-- update rate 15% ≥ 10%; no budget execution figure given yet.
expect { pack = "t6-vr-base.zip", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass", E5 = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "nodata", A4 = "pass", A5 = "pass" }, vetoes = {} }
