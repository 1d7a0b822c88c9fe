"""Reading published reports (web pages, Word, PDF, text) back into a neutral document."""
