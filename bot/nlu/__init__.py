"""Understanding a message: normalization, language, intent and risk."""
