"""The conversation core: message types, the dialogue engine and the flows.

Nothing in this package imports a messenger library; channels adapt to these types.
"""
