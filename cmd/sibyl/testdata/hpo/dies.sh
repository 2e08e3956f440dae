#!/bin/sh
# Answers two trials, then exits: the optimizer must report the lost objective.
read -r line; echo 1.5
read -r line; echo 1.5
exit 3
