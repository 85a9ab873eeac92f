#!/bin/sh
# demo.sh FGCODE FIXTURES - the main job on the bundled fixtures (being written)
echo "demo: being written"
