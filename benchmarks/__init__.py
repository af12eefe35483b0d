"""Speed and memory benchmarks: `make bench` (bench.py) and the export memory script."""
