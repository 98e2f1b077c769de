-- Expectations for task2 (facts: packs/samples-src/t2-nev/facts.json): eligible, reports published in Q1.
expect { pack = "t2-nev.zip", eligible = true,
         conditions = { E1 = "pass", E2 = "pass", E3 = "pass", E4 = "pass", E5 = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass", A4 = "pass", A5 = "pass", A6 = "pass", A7 = "pass", A8 = "pass" },
         vetoes = {} }
