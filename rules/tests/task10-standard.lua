-- Expectations for task10-standard (facts: packs/samples-src/t10-standard/facts.json): no 申报条件 so
-- eligible; 6 ≥ 3 years at home, 3 ≥ 2 years abroad; no local-language manual in the pack; no veto.
expect { pack = "t10-standard.zip", eligible = true,
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A4 = "fail" }, vetoes = {} }
