"""lkip-xls: check, compute and summarise Indonesian LKIP/LKjIP performance-report workbooks."""

__version__ = "0.1.0"
