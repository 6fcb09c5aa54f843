"""Where index versions live: a file-backed store (embedded Chroma) or the Chroma server itself.

A version is immutable once built. A refresh builds a new one beside the live one, validates it, and
switches the live pointer atomically; readers notice the switch and move over, so every answer comes
wholly from one version and a failed refresh leaves the live version serving."""
