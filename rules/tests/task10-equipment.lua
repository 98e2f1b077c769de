-- Expectations for task10-equipment (facts: packs/samples-src/t10-equipment/facts.json): 3 enterprises
-- going global, 4 years at home, 2.5 years abroad, patents and software copyrights; no veto.
expect { pack = "t10-equipment.zip", eligible = true,
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A4 = "pass", A5 = "pass" }, vetoes = {} }
