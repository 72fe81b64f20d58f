#!/bin/sh
# ANCHOR: hello
echo hello
# ANCHOR_END: hello
