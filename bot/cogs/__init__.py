"""One cog per user-facing feature, loaded from the tuple in bot.client.EXTENSIONS."""
