"""Reading inputs: params, the table vocabulary, and the files under data/ (the only code that opens them)."""
