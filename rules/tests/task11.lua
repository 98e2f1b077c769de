-- Expectations for task11 (facts: packs/samples-src/t11-intl-school/facts.json): a 中职 school, 41 years,
-- exactly 3 of the 5 conditions (1, 2, 5): eligible; no visiting-teacher figure given.
expect { pack = "t11-intl-school.zip", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass" },
         autochecks = { A1 = "pass", A2 = "nodata", A3 = "pass" }, vetoes = {} }
