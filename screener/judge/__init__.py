"""The judgement: one rule, one small function, each returning its evidence."""
