"""The language-model path: the chat client, grounding and checks, the answerer, the reply cache."""
