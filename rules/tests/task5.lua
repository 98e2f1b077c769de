-- Expectations for task5 (facts: packs/samples-src/t5-intl-school/facts.json): a 高职专科学校, 23 years,
-- all 5 conditions.
expect { pack = "t5-intl-school.zip", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass" }, vetoes = {} }
