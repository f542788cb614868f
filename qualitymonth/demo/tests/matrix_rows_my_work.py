"""Permission-matrix row of "my work" (qualitymonth/my_work.py): everyone signed in has one."""

from qualitymonth.demo.tests.matrix import Row, signed_in

ROWS = {"my_work": [Row("my_work", signed_in())]}
