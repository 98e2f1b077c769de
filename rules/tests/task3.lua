-- Expectations for task3 (facts: packs/samples-src/t3-school/ and t3-enterprise/facts.json).
-- 某高职学校 (variant 高职学校): eligible, every 基础条件 clause answered by a fact; plan in Q1 and report
-- by 12-15.
expect { pack = "t3-school.zip", eligible = true,
         conditions = { ["E1.1"] = "pass", ["E1.2"] = "pass", ["E2.1"] = "pass", ["E2.2"] = "pass",
                        ["E2.3"] = "pass", ["E2.4"] = "pass", ["E2.5"] = "pass", ["E2.6"] = "pass",
                        ["E2.7"] = "pass", ["E2.8"] = "pass", ["E2.9"] = "pass", ["E2.10"] = "pass",
                        ["E2.11"] = "pass", ["E2.12"] = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A6 = "pass", A7 = "pass", A8 = "pass",
                        A9 = "pass", A10 = "pass", A11 = "pass", A12 = "pass" },
         vetoes = {} }
-- 某企业 (variant 企业): not in the 十四五 focus, staff not adequate, little open operation, no cost
-- sharing; the facilities and the other judgements are left to the reviewer; (四)'s "可…" (E2.12,
-- severity info) is left to the reviewer too and does not decide eligibility.
expect { pack = "t3-enterprise.zip", eligible = false,
         conditions = { ["E1.1"] = "pass", ["E1.2"] = "pass", ["E2.1"] = "confirm", ["E2.2"] = "fail",
                        ["E2.3"] = "confirm", ["E2.4"] = "fail", ["E2.5"] = "fail", ["E2.9"] = "fail",
                        ["E2.12"] = "confirm" },
         autochecks = { A1 = "nodata", A2 = "nodata", A4 = "pass", A5 = "pass", A9 = "fail", A11 = "pass",
                        A12 = "pass" },
         vetoes = {} }
