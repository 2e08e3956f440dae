#!/bin/sh
# Line-at-a-time wrapper: sh's read takes one line from the pipe, and awk
# (mawk buffers its input) sees just that line.
dir=$(dirname "$0")
while IFS= read -r line; do
	printf '%s\n' "$line" | awk -f "$dir/objective.awk"
done
