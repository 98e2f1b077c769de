-- Expectations for task1 on its sample pack (facts: packs/samples-src/t1-changzhou/facts.json).
-- 常州市: eligible; one major violation in the last 3 years, so A1 fails and the panel considers D1.
expect { pack = "t1-changzhou.zip", eligible = true,
         conditions = { ["E1.1"] = "pass", ["E1.2"] = "pass", E2 = "pass", E3 = "pass", E4 = "pass", E5 = "pass" },
         autochecks = { A1 = "fail", A2 = "pass", A3 = "pass" }, vetoes = {} }
