"""How long the audit log keeps its entries: the bounds the laws set (a module of its own so the command
line can name them without importing the state and the record)."""

from __future__ import annotations

# Three years, a leap day included: Colorado SB 26-189's record keeping.
DEFAULT_RETENTION_DAYS = 3 * 365 + 1
# Six months at their longest (July to December, 184 days): the EU AI Act's floor (Art. 26(6)).
MIN_RETENTION_DAYS = 184
