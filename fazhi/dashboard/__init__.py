"""工作看板: a unit subtree's year at a glance (figures, monthly trends, the annual report's
dates) and the comparison of a prefecture's or province's child units, with its Excel export."""
