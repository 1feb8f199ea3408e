"""Citizens: onboarding and consent, their own commands, the FAQ dialogue."""
