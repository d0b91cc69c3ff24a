"""Recording the diary: every write (entries, check-ins, goals, the treatment plan), its rules checked once for every
caller."""
