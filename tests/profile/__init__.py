"""Who signs: the signer's profile kept locally, checked, synced with the server account."""
