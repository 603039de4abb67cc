"""What changes state in budgets: ``ballots`` (residents' votes), ``budgets`` (back-office
content), ``paper`` (paper ballots) and ``results`` (counting, publishing, overrides)."""
