RULESET = { id = "x", name = "x", version = "1", source = "s", indicators = { { id = "1", text = "t", max = 10 } } }
