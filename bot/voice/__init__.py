"""The citizens' voice: feedback, questions, dialogue sessions and the review queue."""
