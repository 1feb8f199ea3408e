"""Staff: roles, role-checked commands, and the audit of what staff did."""
