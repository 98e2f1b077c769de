-- Expectations for task4 (facts: packs/samples-src/t4-mechatronics/ and t4-nursing/facts.json).
-- 机电一体化技术: eligible, every auto-check passes, no veto.
expect { pack = "t4-mechatronics.zip", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass", E5 = "pass", E6 = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A4 = "pass", A5 = "pass", A6 = "pass",
                        A7 = "pass", A8 = "pass", A9 = "pass", A10 = "pass" },
         vetoes = {} }
-- 护理: runs only 0.5 学年 and its text/graphic share is 38% > 30%; coverage 71% < 80%.
expect { pack = "t4-nursing.zip", eligible = false,
         conditions = { E2 = "pass", E3 = "fail", E4 = "fail" },
         autochecks = { A1 = "fail", A2 = "pass", A3 = "nodata", A4 = "fail", A5 = "pass", A10 = "fail" },
         vetoes = {} }
