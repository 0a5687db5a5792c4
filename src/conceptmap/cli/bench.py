"""`conceptmap bench`: speed against baselines measured in the same run (see conceptmap.bench)."""
