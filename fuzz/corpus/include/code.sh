set -e
{{#include setup.sh:2:5}}
echo {{#include bad}} {{#include y.sh}}
