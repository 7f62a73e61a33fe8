"""A report for content writers: what patients asked and where the bot failed them."""
