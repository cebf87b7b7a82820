"""The elections page's parts: the district list, the election panel with its stage timeline,
checkpoint checks and sign-off dialog, the group and candidate editors, ballot entry and tally."""
