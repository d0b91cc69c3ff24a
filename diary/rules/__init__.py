"""The diary's pure rules: plain Python over plain lists and dates, no Django (trends, figures, attention, outcomes,
goals, the plan, the check-in's offer, the summary)."""
