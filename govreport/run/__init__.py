"""Running builds: one report, the in-process kernel, the pool, the batch, Dask, the catalogue, build/ files."""
