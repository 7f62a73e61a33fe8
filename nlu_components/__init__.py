"""Project-specific NLU: the spaCy pipeline builder and small Rasa graph components."""
