"""Deluge programs shared by the debugger tests."""

ORDERS_DG = """\
// sum the order lines
int automation.orders(int n)
{
\ttotal = 0;
\tseen = {"first": n};
\tfor each item in {1, 2, 3}
\t{
\t\ttotal = total + item * n;
\t}
\tinfo "total " + total;
\treturn total;
}
"""
