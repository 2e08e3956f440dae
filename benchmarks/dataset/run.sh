#!/bin/sh
# Times sibyl's CSV reader and pandas.read_csv on the same 1M-row file.
cd "$(dirname "$0")/../.." && exec go run ./benchmarks/dataset "$@"
