-- Expectations for task9 (facts: packs/samples-src/t9-project/facts.json; the pack is a 7z):
-- eligible, 4 of the 6 conditions (一 二 三 六), no complaints.
expect { pack = "t9-project.7z", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass" }, vetoes = {} }
