-- Expectations for task3 (facts: packs/samples-src/t3-school/ and t3-enterprise/facts.json).
-- 某高职学校 (variant 高职学校): eligible, plan in Q1 and report by 12-15.
expect { pack = "t3-school.zip", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass", E5 = "pass", E6 = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A6 = "pass", A7 = "pass", A8 = "pass",
                        A9 = "pass", A10 = "pass" },
         vetoes = {} }
-- 某企业 (variant 企业): not in the 十四五 focus, no managers, open < 1 year, no cost sharing.
expect { pack = "t3-enterprise.zip", eligible = false,
         conditions = { E1 = "pass", E2 = "fail", E3 = "fail", E4 = "fail", E5 = "confirm", E6 = "fail" },
         autochecks = { A1 = "nodata", A2 = "nodata", A4 = "pass", A5 = "pass", A9 = "fail" },
         vetoes = {} }
