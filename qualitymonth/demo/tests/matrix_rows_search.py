"""Permission-matrix rows of site search: anyone may search what is public."""

from qualitymonth.demo.tests.matrix import EVERYONE, Row

ROWS = {"search": [Row("search:results", EVERYONE, query="q=质量")]}
