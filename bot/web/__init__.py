"""The web console for officers and staff, served beside the messenger webhooks."""
