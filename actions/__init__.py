"""Custom actions of the CAR T assistant (run by `rasa run actions`)."""
