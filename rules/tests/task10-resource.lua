-- Expectations for task10-resource (facts: packs/samples-src/t10-resource/facts.json): the 情况说明 admits
-- plagiarised micro-lessons and negative public opinion: 负面清单 3 and 4 trigger vetoes.
expect { pack = "t10-resource.zip", eligible = true,
         autochecks = { A1 = "pass", A2 = "pass", A3 = "fail" }, vetoes = { "V3", "V4" } }
