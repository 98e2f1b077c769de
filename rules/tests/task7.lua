-- Expectations for task7 (facts: packs/samples-src/t7-course-gbk/facts.json; GBK file names in the zip):
-- eligible, 6 semesters, a team of 4, the leader recommends 1 course.
expect { pack = "t7-course-gbk.zip", eligible = true,
         conditions = { ["E1.1"] = "pass", ["E1.2"] = "pass", E2 = "pass", E3 = "pass", ["E4.1"] = "pass",
                        ["E4.2"] = "pass", ["E5.1"] = "pass", ["E5.2"] = "pass" },
         autochecks = { A1 = "pass", A2 = "pass", A3 = "pass" }, vetoes = {} }
