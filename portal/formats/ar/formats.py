# Arabic with the Western digits the site writes: figures grouped in thousands (Django's own
# Arabic formats do not group), "240,000.50" as Arabic news sites and Iraqi ministries print them.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
