"""A channel-neutral chatbot for citizen outreach in Vietnam's poverty-reduction programme."""

__version__ = "0.1.0"
